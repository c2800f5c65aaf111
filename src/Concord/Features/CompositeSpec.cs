namespace Concord.Features;

/// <summary>A composite feature to register: <paramref name="Parts"/> (names of other features) concatenated in order.</summary>
public sealed record CompositeSpec(string Name, string Description, IReadOnlyList<string> Parts);
