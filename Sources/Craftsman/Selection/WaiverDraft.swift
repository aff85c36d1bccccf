/// A waiver as a school sends it: raw values, so validation can name what is wrong.
public struct WaiverDraft: Sendable {
    /// The criterion's wire number; 0 when unset.
    public var criterion: Int32
    public var justification: String
    public var schoolAttestation: Attestation?

    public init(criterion: Int32, justification: String, schoolAttestation: Attestation?) {
        self.criterion = criterion
        self.justification = justification
        self.schoolAttestation = schoolAttestation
    }
}
