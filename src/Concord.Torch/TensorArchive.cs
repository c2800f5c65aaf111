using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Concord.IO;
using static TorchSharp.torch;

namespace Concord.Torch;

/// <summary>
/// A small self-describing container for named tensors plus a JSON header, written atomically:
/// <c>"CONCORDT" u32 version, u32 header length, header JSON {meta, entries:[{name, dtype, shape}]}, raw little-endian data</c>.
/// Used for trained models and per-epoch checkpoints; the header lets readers refuse a file for another architecture
/// with a clear message before touching any tensor.
/// </summary>
internal static class TensorArchive
{
    private static readonly byte[] Magic = "CONCORDT"u8.ToArray();
    private const uint Version = 1;

    public static void Write(string path, JsonObject meta, IEnumerable<(string Name, Tensor Value)> tensors)
    {
        var list = tensors.Select(t => (t.Name, Value: t.Value.detach().cpu().contiguous())).ToList();
        var entries = new JsonArray();
        foreach (var (name, v) in list)
            entries.Add(new JsonObject { ["name"] = name, ["dtype"] = v.dtype.ToString(), ["shape"] = new JsonArray(v.shape.Select(s => (JsonNode)s).ToArray()) });
        var header = new JsonObject { ["meta"] = meta.DeepClone(), ["entries"] = entries };
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, s =>
        {
            using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic); w.Write(Version); w.Write((uint)json.Length); w.Write(json);
            foreach (var (_, v) in list) w.Write(v.bytes);
        });
        foreach (var (_, v) in list) v.Dispose();
    }

    /// <summary>Reads only the JSON header's <c>meta</c> object.</summary>
    public static JsonObject ReadMeta(string path)
    {
        using var fs = OpenRead(path);
        using var r = new BinaryReader(fs);
        return (JsonObject)ReadHeader(r, path)["meta"]!;
    }

    /// <summary>Reads every tensor (on the CPU) and the header's <c>meta</c>.</summary>
    public static (JsonObject Meta, Dictionary<string, Tensor> Tensors) Read(string path)
    {
        using var fs = OpenRead(path);
        using var r = new BinaryReader(fs);
        var header = ReadHeader(r, path);
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in header["entries"]!.AsArray())
            {
                string name = e!["name"]!.GetValue<string>();
                var dtype = Enum.Parse<ScalarType>(e["dtype"]!.GetValue<string>());
                long[] shape = e["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
                var t = empty(shape, dtype: dtype);
                var dst = t.bytes;
                var bytes = r.ReadBytes(dst.Length);
                if (bytes.Length != dst.Length) throw ConcordException.InFile(path, $"truncated data in entry '{name}'");
                bytes.CopyTo(dst);
                t.bytes = dst;
                result[name] = t;
            }
        }
        catch (Exception ex) when (ex is not ConcordException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw ConcordException.InFile(path, "corrupt tensor archive: " + ex.Message);
        }
        return ((JsonObject)header["meta"]!, result);
    }

    private static FileStream OpenRead(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException) { throw ConcordException.InFile(path, "file not found"); }
        catch (UnauthorizedAccessException) { throw ConcordException.InFile(path, "permission denied"); }
    }

    private static JsonObject ReadHeader(BinaryReader r, string path)
    {
        try
        {
            var magic = r.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic)) throw ConcordException.InFile(path, "not a Concord model or checkpoint file");
            uint version = r.ReadUInt32();
            if (version != Version) throw ConcordException.InFile(path, $"unsupported file version {version}");
            int len = checked((int)r.ReadUInt32());
            return JsonNode.Parse(r.ReadBytes(len))!.AsObject();
        }
        catch (EndOfStreamException) { throw ConcordException.InFile(path, "truncated header"); }
        catch (JsonException) { throw ConcordException.InFile(path, "corrupt header"); }
    }
}
