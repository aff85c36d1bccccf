// Checks shared by the commands that validate drafts (teachers, teams): each adds what is wrong
// to a `Violations` and returns the domain value, or nil when the input gave none.

extension Registry {
    /// The domain value with wire number `raw`; 0 (unset) and unknown numbers are violations.
    static func scale<T: RawRepresentable<Int32>>(
        _ raw: Int32, field: @autoclosure () -> String, into violations: inout Violations
    ) -> T? {
        if raw == 0 {
            violations.add(field(), "0", "is required")
            return nil
        }
        guard let value = T(rawValue: raw) else {
            violations.add(field(), "\(raw)", "is not a known value")
            return nil
        }
        return value
    }

    /// The ethics attestation `input` records: `previous` when it says the same (who and when are
    /// kept), otherwise a new one by `actorID` at `now`; nil when none was given.
    static func attestation(
        _ input: TeacherDraft.AttestationInput?, previous: Attestation?, field: @autoclosure () -> String, actorID: String,
        now: Int64,
        into violations: inout Violations
    ) -> Attestation? {
        guard let input else { return nil }
        TextRule.optional.check(input.statement, field: field() + ".statement", maxLength: 500, into: &violations)
        if let previous, previous.attested == input.attested, previous.statement == input.statement {
            return previous
        }
        return Attestation(
            attested: input.attested, statement: input.statement, attestedByAccountID: actorID, attestedAtUnixMilliseconds: now)
    }
}
