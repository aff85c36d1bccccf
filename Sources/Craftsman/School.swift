/// A Beijing technical school (技工院校).
public struct School: Hashable, Sendable {
    /// Server-assigned, `S` and eight digits; never reused.
    public var id: String
    /// Full name; unique.
    public var name: String
    /// Beijing district (区).
    public var district: String
    /// The bureau's school code (学校代码); unique when not empty.
    public var code: String
    /// When it was created and last changed, ms since the Unix epoch.
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    /// 1 on creation, +1 on every change.
    public var revision: Int64

    public init(
        id: String, name: String, district: String, code: String, createdAtUnixMilliseconds: Int64,
        updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.name = name
        self.district = district
        self.code = code
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}

/// The editable fields of a school, as a caller sends them.
public struct SchoolDraft: Hashable, Sendable {
    public var name: String
    public var district: String
    public var code: String

    public init(name: String, district: String, code: String = "") {
        self.name = name
        self.district = district
        self.code = code
    }
}
