import CraftsmanRPC

/// Page sizes and tokens of list calls. Tokens are opaque to callers: `p` and the number of the
/// last row returned.
enum Paging {
    static let defaultPageSize = 100
    static let maxPageSize = 1000

    /// The page size a request asks for, defaulted and checked.
    static func pageSize(_ requested: Int32) throws(RPCError) -> Int {
        if requested == 0 { return defaultPageSize }
        guard requested > 0, requested <= maxPageSize else {
            throw RPCError(
                .invalidArgument, "page_size: \(requested) must be 1 to \(maxPageSize) (0 for \(defaultPageSize))",
                fieldViolations: [.init(field: "page_size", value: "\(requested)", rule: "must be 0 to \(maxPageSize)")])
        }
        return Int(requested)
    }

    /// The cursor a page token carries; empty for the first page.
    static func cursor(_ token: String) throws(RPCError) -> UInt64 {
        if token.isEmpty { return 0 }
        guard token.hasPrefix("p"), let cursor = UInt64(token.dropFirst()) else {
            throw RPCError(
                .invalidArgument, "page_token: \"\(token)\" is not a token this server issued",
                fieldViolations: [
                    .init(field: "page_token", value: token, rule: "must be a next_page_token from an earlier call")
                ])
        }
        return cursor
    }

    /// The token for the page after `cursor`; empty at the end.
    static func token(_ cursor: UInt64?) -> String {
        cursor.map { "p\($0)" } ?? ""
    }

    /// One page of `rows` (already in order) from the offset a token carries.
    static func page<Row>(of rows: [Row], pageSize: Int32, token: String) throws(RPCError) -> (rows: [Row], nextPageToken: String)
    {
        let size = try self.pageSize(pageSize)
        let start = Int(min(try cursor(token), UInt64(rows.count)))
        let end = min(start + size, rows.count)
        return (Array(rows[start..<end]), end < rows.count ? Self.token(UInt64(end)) : "")
    }
}
