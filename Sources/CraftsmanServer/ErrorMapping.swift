import Craftsman
import CraftsmanProto
import CraftsmanRPC
import CraftsmanStore

/// The one place where domain and store errors become wire statuses.
enum ErrorMapping {
    /// The RPC error a handler's failure is answered with.
    static func rpcError(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let error as DomainError:
            let code: StatusCode =
                switch error.code {
                case .invalidArgument: .invalidArgument
                case .notFound: .notFound
                case .alreadyExists: .alreadyExists
                case .failedPrecondition: .failedPrecondition
                case .aborted: .aborted
                case .permissionDenied: .permissionDenied
                }
            return RPCError(
                code, error.message,
                fieldViolations: error.violations.map { FieldViolation(field: $0.field, value: $0.value, rule: $0.rule) })
        case let error as StoreError:
            switch error.code {
            case .writesDisabled, .io:
                return RPCError(.unavailable, error.message, cause: error)
            case .busy:
                return RPCError(.unavailable, error.message, retryAfterMilliseconds: 1000, cause: error)
            default:
                return RPCError(.internal, error.message, cause: error)
            }
        default:
            return RPCError(.internal, "the server failed: \(error)", cause: error)
        }
    }

    /// Runs `body`, mapping whatever it throws.
    static func mapping<T>(_ body: () throws -> T) throws(RPCError) -> T {
        do {
            return try body()
        } catch {
            throw rpcError(error)
        }
    }

    /// Runs `body`, mapping whatever it throws.
    static func mapping<T>(_ body: () async throws -> T) async throws(RPCError) -> T {
        do {
            return try await body()
        } catch {
            throw rpcError(error)
        }
    }
}
