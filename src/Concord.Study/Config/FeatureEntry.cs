using System.Text.Json;
using System.Text.Json.Serialization;
using Concord.Features;

namespace Concord.Study.Config;

/// <summary>
/// One entry of the config's <c>features</c> list: a built-in feature or set name (<c>"rms"</c>, <c>"paper"</c>, <c>"all"</c>),
/// or a feature computed elsewhere, <c>{"name": "mfcc_mean", "npy": "feats/mfcc.npy", "ids": "feats/ids.csv"}</c>, whose
/// rows are aligned to the dataset by example id (<see cref="ExternalFeatures"/>). Paths resolve against the config's folder.
/// </summary>
/// <param name="Name">The built-in name, or the external feature's name in tables and reports.</param>
/// <param name="Npy">External only: the feature matrix [rows, d] (or [rows]).</param>
/// <param name="Ids">External only: the CSV whose <c>id</c> column names each row's example.</param>
[JsonConverter(typeof(FeatureEntryJsonConverter))]
public sealed record FeatureEntry(string Name, string? Npy = null, string? Ids = null)
{
    /// <summary>True for a feature computed outside Concord.</summary>
    public bool IsExternal => Npy is not null || Ids is not null;

    /// <summary>A built-in name.</summary>
    public static implicit operator FeatureEntry(string name) => new(name);

    /// <summary>The external feature with its paths resolved against <paramref name="configDirectory"/>.</summary>
    public ExternalFeature External(string configDirectory) =>
        new(Name, Path.GetFullPath(Path.Combine(configDirectory, Npy!)), Path.GetFullPath(Path.Combine(configDirectory, Ids!)));

    public override string ToString() => Name;
}

/// <summary>Reads a <see cref="FeatureEntry"/> from a string or an object with the keys <c>name</c>, <c>npy</c> and
/// <c>ids</c>; writes built-in entries back as strings.</summary>
public sealed class FeatureEntryJsonConverter : JsonConverter<FeatureEntry>
{
    private static readonly string[] Keys = ["name", "npy", "ids"];

    public override FeatureEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new FeatureEntry(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a feature name or an object {\"name\", \"npy\", \"ids\"}");
        string? name = null, npy = null, ids = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"'{key}' must be a string");
            string value = reader.GetString()!;
            switch (key)
            {
                case "name": name = value; break;
                case "npy": npy = value; break;
                case "ids": ids = value; break;
                default: throw new JsonException($"unknown key '{key}'; valid keys: {string.Join(", ", Keys)}");
            }
        }
        if (name is null || npy is null || ids is null)
            throw new JsonException("an external feature needs 'name', 'npy' and 'ids' (missing: "
                                    + string.Join(", ", new[] { ("name", name), ("npy", npy), ("ids", ids) }.Where(k => k.Item2 is null).Select(k => k.Item1)) + ")");
        return new FeatureEntry(name, npy, ids);
    }

    public override void Write(Utf8JsonWriter writer, FeatureEntry value, JsonSerializerOptions options)
    {
        if (!value.IsExternal) { writer.WriteStringValue(value.Name); return; }
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("npy", value.Npy);
        writer.WriteString("ids", value.Ids);
        writer.WriteEndObject();
    }
}
