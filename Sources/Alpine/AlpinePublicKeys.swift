/// Alpine's published package-signing public keys, shipped inside barracks.
///
/// The PEM files are in `Sources/Alpine/Keys/`, named exactly as Alpine names them
/// (`alpine-devel@lists.alpinelinux.org-<hex creation time>.rsa.pub`; apk matches a
/// `.SIGN.RSA.<name>` to a key by this file name). They are embedded as constants by
/// `scripts/embed-alpine-keys` so the installed binary is self-contained.
///
/// Provenance: the 17 keys embedded in alpinelinux/alpine-chroot-install (plus the retired
/// mips64 key), each byte-identical to the copy in csmith/apkutils, and all but loongarch64's
/// matching the sha512sums of aports `main/alpine-keys` 2.4-r1. The arch → key mapping is
/// that APKBUILD's `/usr/share/apk/keys/<arch>/` directories (loongarch64 added later,
/// apk-format.md §5). Only a package's own arch's keys are trusted by default, like apko.
public enum AlpinePublicKeys {
    /// Key ids (the hex part of the file name) per Alpine arch, newest builder key last.
    static let idsByArchitecture: [String: [String]] = [
        "x86": ["4a6a0840", "5243ef4b", "61666e3f"],
        "x86_64": ["4a6a0840", "5261cecb", "6165ee59"],
        "aarch64": ["58199dcc", "616ae350"],
        "armhf": ["524d27bb", "616a9724"],
        "armv7": ["524d27bb", "616adfeb"],
        "ppc64le": ["58cbb476", "616abc23"],
        "s390x": ["58e4f17d", "616ac3bc"],
        "riscv64": ["60ac2099", "616db30d"],
        "loongarch64": ["66ba20fe"],
        "mips64": ["5e69ca50"],
    ]

    /// The file name of the key with id `id`.
    public static func fileName(id: String) -> String { "alpine-devel@lists.alpinelinux.org-\(id).rsa.pub" }

    /// The arches barracks has keys for.
    public static var architectures: [String] { idsByArchitecture.keys.sorted() }

    /// Every shipped key's file name, sorted.
    public static var allKeyNames: [String] { pem.keys.sorted() }

    /// The file names of the keys that sign `architecture`'s packages (empty for an arch
    /// Alpine does not build).
    public static func keyNames(for architecture: String) -> [String] {
        (idsByArchitecture[architecture] ?? []).map(fileName(id:))
    }

    /// The PEM text of a shipped key, by file name.
    public static func pemText(named name: String) -> String? { pem[name] }
}
