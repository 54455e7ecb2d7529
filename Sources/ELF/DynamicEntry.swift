/// One entry of the dynamic section: a tag and its value or address.
public struct DynamicEntry: Hashable, Sendable {
    public var tag: DynamicTag
    public var value: UInt64
}
