import Foundation
import POSIX

/// Compiles small C programs with the host's gcc, for tests that need real binaries.
public enum CCompiler {
    public struct Failure: Error, CustomStringConvertible {
        public let command: String
        public let output: String
        public var description: String { "\(command) failed:\n\(output)" }
    }

    /// Writes `source` to `<directory>/<name>.c` and compiles it to `<directory>/<name>` with
    /// `flags`; returns the output path.
    @discardableResult
    public static func build(_ name: String, source: String, flags: [String], in directory: String) throws -> String {
        let sourcePath = "\(directory)/\(name).c"
        let output = "\(directory)/\(name)"
        try writeFile(sourcePath, source)
        // Libraries (-l) must follow the source file for the linker to use them.
        let result = try run("gcc", [sourcePath, "-o", output] + flags)
        guard result.status.succeeded else {
            throw Failure(command: result.command, output: result.output + result.errorOutput)
        }
        return output
    }

    /// A program that prints, calls a few libc functions, and exits 0.
    public static let helloSource = """
        #include <stdio.h>
        #include <string.h>
        #include <stdlib.h>
        int main(int argc, char **argv) {
            char buffer[64];
            strcpy(buffer, argc > 1 ? argv[1] : "world");
            printf("hello %s %d\\n", buffer, argc);
            return 0;
        }
        """
}
