@testable import Alpine
import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// `lib/apk/db/installed` beyond the demo root: directories with their own mode (`M:`),
/// nested directories in archive order, files sorted by name, `r:` from `.PKGINFO`, hard
/// links (their target's `Z:`), and a conflict between two packages named with both.
@Suite struct InstalledDatabaseTests {
    @Test func nestedDirectoriesModesAndReplaces() throws {
        try withScratch("db-layout") { dir in
            let root = try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(ProvisionFixtures.customRequest(["layout"]))
            let attributes = try FileManager.default.attributesOfItem(atPath: root.path + "/var/lib/layout")
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
            #expect((try FileManager.default.attributesOfItem(atPath: root.path + "/var/lib/layout/state")[.posixPermissions] as? Int) == 0o600)
            let database = try ProvisionFixtures.text(root.path, "lib/apk/db/installed")
            let expectedTail = """
                o:layout
                t:1700000000
                r:old-layout
                F:usr
                F:usr/share
                F:usr/share/layout
                R:readme
                Z:\(ProvisionFixtures.q1(Array("read me\n".utf8)))
                F:var
                F:var/lib
                F:var/lib/layout
                M:0:0:700
                R:state
                a:0:0:600
                Z:\(ProvisionFixtures.q1(Array("0\n".utf8)))


                """
            #expect(database.hasSuffix(expectedTail), "\(database)")
            #expect(database.hasPrefix("C:\(root.packages[0].checksum)\nP:layout\nV:1.0-r0\nA:x86\nS:\(root.packages[0].size)\nI:10\nT:\nU:\nL:\n"))
        }
    }

    @Test func aPathInTwoPackagesIsAConflictNamingBoth() throws {
        try withScratch("db-conflict") { dir in
            let error = try #require(throws: ProvisionError.self) {
                try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(ProvisionFixtures.customRequest(["clash-a", "clash-b"]))
            }
            #expect(error.problem == .fileConflict(path: "etc/clash.conf", installedBy: "clash-a-1.0-r0", alsoIn: "clash-b-1.0-r0"))
            #expect(error.description.hasPrefix("file conflict: /etc/clash.conf is in both clash-a-1.0-r0 and clash-b-1.0-r0"))
            #expect(ProvisionFixtures.cachedRoots(dir + "/cache").isEmpty)
        }
    }

    @Test func hardLinksTakeTheirTargetsChecksumAndTopLevelFilesTheRootDirectory() {
        let sha1 = Array(repeating: UInt8(0xab), count: 20)
        var files = PackageFiles()
        files.add(ArchiveEntry(path: "lib/", kind: .directory, permissions: 0o755), at: "lib")
        files.add(ArchiveEntry(path: "lib/a", kind: .regularFile, permissions: 0o4755,
                               paxRecords: ["APK-TOOLS.checksum.SHA1": Array(String(repeating: "ab", count: 20).utf8)]), at: "lib/a")
        files.add(ArchiveEntry(path: "lib/b", kind: .hardLink, permissions: 0o755, linkTarget: "./lib/a"), at: "lib/b")
        files.add(ArchiveEntry(path: "top", kind: .regularFile, permissions: 0o644, userID: 1, groupID: 2), at: "top")
        var record = PackageRecord(checksum: try! PackageChecksum(sha1: sha1), name: "x", version: ApkVersion("1-r0"))
        record.installedSize = 1
        var database = InstalledDatabase()
        database.append(record, info: nil, files: files)
        let z = "Q1" + Data(sha1).base64EncodedString()
        #expect(String(decoding: database.bytes, as: UTF8.self) == """
            C:\(z)
            P:x
            V:1-r0
            S:0
            I:1
            T:
            U:
            L:
            F:lib
            R:a
            a:0:0:755
            Z:\(z)
            R:b
            a:0:0:755
            Z:\(z)
            F:
            R:top
            a:1:2:644


            """)
    }
}
