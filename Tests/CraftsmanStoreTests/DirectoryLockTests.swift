import Foundation
import Glibc
import Testing

@testable import CraftsmanStore

@Suite struct DirectoryLockTests {
    /// A copy of the lock's descriptor, such as a child forked by another thread holds until it
    /// execs, does not keep the directory locked once the lock is released.
    @Test func aReleasedLockIsFreeEvenWhileACopyOfItsDescriptorIsOpen() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = POSIXFileSystem()
            try fileSystem.createDirectory(directory)
            let lock = try #require(try fileSystem.lockDirectory(directory) as? POSIXLock)
            let copy = dup(lock.fd)
            #expect(copy >= 0)
            defer { _ = close(copy) }
            #expect(throws: StoreError.self) { try fileSystem.lockDirectory(directory) }
            lock.release()
            #expect(lock.fd == -1)
            let again = try fileSystem.lockDirectory(directory)
            again.release()
        }
    }
}
