using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>
/// Reads, checks and writes <see cref="ExperimentConfig"/> JSON. Reading walks the document against the record's
/// shape first, so every unknown key and every value of the wrong type is reported at once with its key path
/// (e.g. <c>dataset.splitt: unknown key</c>), then runs <see cref="ExperimentConfig.Validate"/>. All problems go into
/// one <see cref="ConcordException"/> whose message names the file.
/// </summary>
public static class ExperimentConfigLoader
{
    /// <summary>The serializer options used for configs: camelCase, camelCase enum strings, comments and trailing commas allowed, indented output.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.MakeReadOnly();
        return o;
    }

    /// <summary>Loads and validates <paramref name="path"/>; throws one <see cref="ConcordException"/> listing every error.</summary>
    public static ExperimentConfig Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConcordException($"{full}: config file not found");
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses and validates config text; <paramref name="source"/> names it in errors.</summary>
    public static ExperimentConfig Parse(string json, string source)
    {
        var errors = new List<string>();
        JsonNode? root;
        try
        {
            // JsonNode keeps the first of two equal keys only until it is enumerated, then throws: find them first.
            if (DuplicateKey(json) is { } duplicate) throw new ConcordException($"{source}: 1 config error(s): {duplicate}: duplicate key (each key may appear once)");
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConcordException($"{source}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }
        if (root is not JsonObject) throw new ConcordException($"{source}: the config must be a JSON object");
        Check(root, typeof(ExperimentConfig), "", errors);
        ExperimentConfig? config = null;
        if (errors.Count == 0)
        {
            try { config = root.Deserialize<ExperimentConfig>(Options); }
            catch (JsonException ex) { errors.Add($"{(ex.Path ?? "$").TrimStart('$', '.')}: {FirstLine(ex.Message)}"); }
        }
        if (config is not null) errors.AddRange(config.Validate());
        if (errors.Count > 0)
            throw new ConcordException($"{source}: {errors.Count} config error(s): {string.Join("; ", errors)}");
        return config!;
    }

    /// <summary>Serialises a config (the form written as <c>config.resolved.json</c>: every key, defaults filled in).</summary>
    public static string ToJson(ExperimentConfig config) => JsonSerializer.Serialize(config, Options);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>The dotted path of the first key that appears twice in one object (JsonNode would throw on it), or null.</summary>
    private static string? DuplicateKey(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json),
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var scopes = new Stack<(HashSet<string>? Keys, string Path)>();
        string path = "";
        string? pendingKey = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    string inner = pendingKey is null ? path : path.Length == 0 ? pendingKey : $"{path}.{pendingKey}";
                    scopes.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, inner));
                    path = inner;
                    pendingKey = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    scopes.Pop();
                    path = scopes.Count > 0 ? scopes.Peek().Path : "";
                    break;
                case JsonTokenType.PropertyName:
                    string key = reader.GetString()!;
                    if (scopes.Peek().Keys is { } keys && !keys.Add(key)) return path.Length == 0 ? key : $"{path}.{key}";
                    pendingKey = key;
                    break;
                default:
                    pendingKey = null;
                    break;
            }
        }
        return null;
    }

    /// <summary>Recursively checks keys and value types of <paramref name="node"/> against <paramref name="type"/>.</summary>
    private static void Check(JsonNode? node, Type type, string path, List<string> errors)
    {
        string at = path.Length == 0 ? "(root)" : path;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is null)
        {
            if (underlying is null && type.IsValueType) errors.Add($"{at}: null is not allowed");
            return;
        }
        type = underlying ?? type;
        var element = ListElement(type);
        if (element is not null)
        {
            if (node is not JsonArray arr) { errors.Add($"{at}: expected an array"); return; }
            for (int i = 0; i < arr.Count; i++) Check(arr[i], element, $"{path}[{i}]", errors);
            return;
        }
        var info = Options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Dictionary)
        {
            if (node is not JsonObject map) { errors.Add($"{at}: expected an object"); return; }
            var valueType = info.ElementType ?? typeof(object);
            foreach (var (key, value) in map) Check(value, valueType, path.Length == 0 ? key : $"{path}.{key}", errors);
            return;
        }
        if (info.Kind == JsonTypeInfoKind.Object && type != typeof(string))
        {
            if (node is not JsonObject obj) { errors.Add($"{at}: expected an object"); return; }
            var props = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var ctorParams = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in obj)
            {
                string child = path.Length == 0 ? key : $"{path}.{key}";
                if (!props.TryGetValue(key, out var prop))
                {
                    errors.Add($"{child}: unknown key; valid keys: {string.Join(", ", props.Keys)}");
                    continue;
                }
                Check(value, prop.PropertyType, child, errors);
            }
            foreach (var p in info.Properties.Where(p => ctorParams.Contains(p.Name) && !obj.ContainsKey(p.Name) && IsRequiredCtorParam(type, p.Name)))
                errors.Add($"{(path.Length == 0 ? p.Name : $"{path}.{p.Name}")}: required");
            return;
        }
        try { node.Deserialize(type, Options); }
        catch (JsonException ex) when (type.GetCustomAttributes(typeof(JsonConverterAttribute), false).Length > 0)
        {
            errors.Add($"{at}: {FirstLine(ex.Message).Split(" Path: ")[0]}");   // a type with its own reader says what it expected
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            string expected = type.IsEnum
                ? "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)))
                : type == typeof(string) ? "a string" : type == typeof(bool) ? "true or false"
                : type == typeof(int) || type == typeof(long) ? "an integer" : "a number";
            errors.Add($"{at}: expected {expected}, got {node.ToJsonString()}");
        }
    }

    private static bool IsRequiredCtorParam(Type type, string jsonName) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, jsonName, StringComparison.OrdinalIgnoreCase) && !p.HasDefaultValue));

    private static Type? ListElement(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        if (t.IsGenericType && t.GetGenericTypeDefinition() is var g && (g == typeof(IReadOnlyList<>) || g == typeof(List<>) || g == typeof(IEnumerable<>)))
            return t.GetGenericArguments()[0];
        return null;
    }
}
