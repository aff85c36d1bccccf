// TEMPORARY stand-ins so this branch type-checks before the helpers' work is merged. Never committed.
extension Registry { public func team(id: String) -> Team? { fatalError() } }
