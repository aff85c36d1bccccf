/// One change to the program, its rounds and their selection records, as planned by a command
/// and recorded in the journal. Each carries the whole record after the change ("put"), so
/// replay needs no logic beyond storing it.
public enum SelectionChange: Sendable, Equatable {
    case programConfigured(ProgramConfigVersion)
    case roundPut(Round)
    case roundConfigVersionAdded(RoundConfigVersion)
    case nominationPut(Nomination)
    case objectionPut(Objection)
    case assignmentPut(ExpertAssignment)
    case assignmentRevoked(id: String)
    case scorePut(ExpertScore)
    case provisionalListPut(ProvisionalList)
    case projectPut(CultivationProject)
    case accountPut(Account)
}
