import CraftsmanProto
import Testing

/// Structural rules of the schema, checked against what protobuf-c actually compiled.
@Suite("Schema")
struct SchemaTests {
    /// The first cycle found in `graph` (as a path that starts and ends at the same node), or nil.
    static func firstCycle(in graph: [String: Set<String>]) -> [String]? {
        var finished = Set<String>()
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if let start = path.firstIndex(of: node) { return Array(path[start...]) + [node] }
            if finished.contains(node) { return nil }
            path.append(node)
            for next in (graph[node] ?? []).sorted() {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            finished.insert(node)
            return nil
        }
        for node in graph.keys.sorted() {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    @Test("the cycle finder finds direct and indirect cycles")
    func cycleFinderWorks() {
        #expect(Self.firstCycle(in: ["A": ["A"]]) == ["A", "A"])
        #expect(Self.firstCycle(in: ["A": ["B"], "B": ["C"], "C": ["A"]]) == ["A", "B", "C", "A"])
        #expect(Self.firstCycle(in: ["A": ["B", "C"], "B": ["C"], "C": []]) == nil)
    }

    @Test("no message contains itself, directly or indirectly")
    func noMessageContainsItself() {
        var graph: [String: Set<String>] = [:]
        for type in ProtoCatalog.messageTypes {
            let schema = MessageSchema(of: type)
            graph[schema.name] = schema.referencedMessages
        }
        #expect(graph.count == ProtoCatalog.messageTypes.count)
        #expect(Self.firstCycle(in: graph) == nil)
    }

    @Test("every message referenced by a field or a method is in the catalog")
    func catalogIsClosed() {
        let names = Set(ProtoCatalog.messageTypes.map { $0.protoMessageName })
        for type in ProtoCatalog.messageTypes {
            let schema = MessageSchema(of: type)
            #expect(schema.name == type.protoMessageName)
            #expect(schema.referencedMessages.isSubset(of: names), "\(schema.name)")
        }
        for service in ProtoCatalog.services {
            #expect(!service.methods.isEmpty, "\(service.name) has no methods")
            for method in service.methods {
                #expect(names.contains(method.inputType), "\(method)")
                #expect(names.contains(method.outputType), "\(method)")
                #expect(method.service == service.name)
            }
        }
    }

    @Test("every enum has UNSPECIFIED = 0 and round-trips its names")
    func enumsFollowTheConventions() {
        for type in ProtoCatalog.enumTypes {
            Self.checkEnum(type)
        }
    }

    static func checkEnum<E: ProtoEnum>(_: E.Type) {
        let zero = E(rawValue: 0)
        #expect(zero?.protoName.hasSuffix("_UNSPECIFIED") == true, "\(E.protoEnumName)")
        for value in E.allCases {
            #expect(E(protoName: value.protoName) == value)
        }
        #expect(E(protoName: "NO_SUCH_VALUE") == nil)
    }
}
