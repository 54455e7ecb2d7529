import Foundation
import POSIX
import Testing
import TestSupport

@Suite struct FileLockAttemptTests {
    @Test func attemptTakesOnlyAFreeLock() throws {
        try withScratch("lock-attempt") { dir in
            let path = dir + "/url.lock"
            // Another process holds the lock for a moment: attempt must not wait for it.
            // -o: only flock(1) itself holds the lock, not its sleep, so killing it frees the lock.
            // It sleeps far longer than the test needs: the test ends it, and a loaded machine must
            // not see the lock freed early.
            let holder = try Subprocess("/usr/bin/flock", ["-o", path, "sleep", "60"]).launch()
            defer { holder.signal(SIGTERM); _ = try? holder.wait() }
            var waited = 0
            while try run("/usr/bin/flock", ["-n", path, "true"]).status.succeeded, waited < 200 {
                usleep(10_000)  // until the holder has it
                waited += 1
            }
            #expect(try FileLock.attempt(path: path) == nil)
            holder.signal(SIGTERM)
            _ = try holder.wait()
            let lock = try #require(try FileLock.attempt(path: path))
            #expect(!(try run("/usr/bin/flock", ["-n", path, "true"]).status.succeeded))
            lock.unlock()
            #expect(try run("/usr/bin/flock", ["-n", path, "true"]).status.succeeded)
        }
    }

    @Test func positioningAndTruncation() throws {
        try withScratch("positioning") { dir in
            let fd = try FileDescriptor.open(dir + "/f", O_RDWR | O_CREAT)
            defer { try? fd.close() }
            try fd.writeAll(Array("hello world".utf8))
            try fd.truncate(to: 5)
            try fd.seek(to: 0)
            #expect(try fd.readAll() == Array("hello".utf8))
            try fd.setPermissions(0o444)
            #expect(try fd.status().st_mode & 0o777 == 0o444)
        }
    }
}
