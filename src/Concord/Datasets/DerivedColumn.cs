namespace Concord.Datasets;

/// <summary>
/// A label column derived from another one by a fixed mapping (e.g. orchestra → continent), given in memory rather than
/// as a mapping file (<see cref="RecordingsOptions.MappingFiles"/>). <paramref name="Origin"/> names where the mapping
/// was written (e.g. "config key dataset.derivedTasks[0]"), so that an unmapped value's error points at it.
/// </summary>
/// <param name="Name">The new column (and task) name.</param>
/// <param name="Source">The label column it is derived from.</param>
/// <param name="Map">Source value → derived value, each source value once.</param>
/// <param name="Origin">Where the mapping comes from, for error messages.</param>
public sealed record DerivedColumn(string Name, string Source, IReadOnlyList<LabelMapping> Map, string Origin);

/// <summary>One source value and the derived value it maps to.</summary>
public sealed record LabelMapping(string From, string To);
