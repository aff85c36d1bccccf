import Craftsman
import CraftsmanProto

// Configurations and rankings as read back from the server's own files: already validated when
// they were made, so only what the wire can get wrong is checked, and a failure is a damaged
// file (`StoredValueError`), not a caller's mistake.

extension CraftsmanProto.ProgramConfig {
    /// The stored program configuration.
    func storedDomain() throws -> Craftsman.ProgramConfig {
        do { return try validated() } catch {
            throw StoredValueError(description: "stored program configuration: \(error.message)")
        }
    }
}

extension CraftsmanProto.RoundConfig {
    /// The stored round configuration.
    func storedDomain() throws -> Craftsman.RoundConfig {
        do { return try domain() } catch { throw StoredValueError(description: "stored round configuration: \(error.message)") }
    }
}

extension CraftsmanProto.RankingEntry {
    /// The stored entry of a frozen ranking.
    func storedDomain() throws -> Craftsman.RankedEntry {
        let field = "ranking entry \(rank)"
        let score = score ?? CraftsmanProto.AggregateScore()
        return Craftsman.RankedEntry(
            rank: Int(rank), nominationID: nominationID, schoolID: schoolID,
            score: Craftsman.AggregateScore(
                scoreCount: Int(score.scoreCount), trimmed: score.trimmed,
                finalScore: try finite(score.finalScore, field + ".final_score"),
                untrimmedMean: try finite(score.untrimmedMean, field + ".untrimmed_mean"),
                lowestScore: try finite(score.lowestScore, field + ".lowest_score"),
                highestScore: try finite(score.highestScore, field + ".highest_score")),
            withinQuota: withinQuota, tieBrokenBy: try tieBrokenBy.map { try scale($0, field + ".tie_broken_by") },
            submittedAtUnixMilliseconds: submittedAtUnixMs)
    }
}
