import Glibc

/// Removes the large files a snapshot makes obsolete (the older snapshot, journal segments of
/// 64 MiB) a few megabytes at a time, while calls go on.
///
/// Unlinking such a file at once frees all its blocks in one file-system transaction, and the
/// journal's next flush waited behind it: on this machine's ext4 (mounted with `discard`) a
/// concurrent `fdatasync` took 10–12 ms when a 40 MB file was replaced, against 2–4 ms when the
/// same file was cut by 4 MiB steps first (docs/PERFORMANCE.md, "Snapshot pauses and file
/// removal"). RocksDB's delete scheduler cuts its files in chunks for the same reason.
///
/// Each file is first renamed to `<name>` + ``suffix``, a `.tmp` name, so that a crash part-way
/// leaves a file that recovery removes as a leftover and never mistakes for a snapshot or a
/// segment that was cut short.
///
/// A file that some process has open (an operator's backup copying a snapshot, as
/// docs/OPERATIONS.md describes) is unlinked without being cut: cutting it would cut the copy
/// short, while after an unlink the reader still gets every byte and the blocks are freed when it
/// closes the file. Whether it is open is asked of the file system
/// (``StorageFileSystem/mayBeOpenElsewhere(_:)``) after the rename, so only a process that opens
/// the file by its `.removing.tmp` name later can see it shrink.
enum GradualRemoval {
    /// What a file being removed is renamed to, after its own name.
    static let suffix = ".removing.tmp"

    /// How much each step cuts off the end of a file.
    static var stepBytes: Int { 4 << 20 }

    /// How long to leave the device to the journal between steps, in microseconds.
    static var pauseMicroseconds: UInt32 { 2000 }

    /// Removes the files `names` of `directory`: renames them all, flushes the directory, cuts
    /// each that nobody else has open down by `stepBytes` (each cut flushed), unlinks each, then
    /// flushes the directory.
    static func remove(
        _ names: [String], in directory: String, fileSystem: any StorageFileSystem, stepBytes: Int = stepBytes
    ) throws(StoreError) {
        guard !names.isEmpty else { return }
        let paths = names.map { directory + "/" + $0 + suffix }
        for (name, path) in zip(names, paths) { try fileSystem.rename(directory + "/" + name, to: path) }
        try fileSystem.syncDirectory(directory)
        for path in paths {
            guard !fileSystem.mayBeOpenElsewhere(path) else {
                try fileSystem.remove(path)
                continue
            }
            var size = try fileSystem.fileSize(path)
            while size > stepBytes {
                size -= stepBytes
                try fileSystem.truncate(path, to: size)
                usleep(pauseMicroseconds)
            }
            try fileSystem.remove(path)
        }
        try fileSystem.syncDirectory(directory)
    }
}
