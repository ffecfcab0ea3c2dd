using System.Data.Common;
using Sluice.Persistence.Serialization;

namespace Sluice.Benchmarks.Persistence;

/// <summary>
/// The rows the raw driver baselines write: the same columns and payload bytes the journal writes for
/// <see cref="BenchEvent.Sample"/>, for <c>writers</c> persistence ids taken round robin, each with its own increasing
/// sequence number. Each row's payload is serialized when it is written (<see cref="Serialize"/>), as the journal and a
/// hand-written loop must.
/// </summary>
public sealed class RawRows
{
    private readonly string[] _pids;
    private readonly long[] _seqs;
    private int _next;

    public RawRows(string prefix, int writers)
    {
        _pids = new string[writers];
        _seqs = new long[writers];
        for (var i = 0; i < writers; i++) _pids[i] = $"{prefix}-{i}";
        var serializer = new SerializerRegistry().FindFor(typeof(BenchEvent));
        Payload = serializer.ToBinary(BenchEvent.Sample, out var manifest);
        Manifest = manifest;
        SerializerId = serializer.Id;
    }

    public string WriterGuid { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The payload bytes of every row (what <see cref="Serialize"/> returns).</summary>
    public byte[] Payload { get; }

    /// <summary>Serializes the event of the next row (System.Text.Json, the type known at compile time).</summary>
    public static byte[] Serialize() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(BenchEvent.Sample);

    public string Manifest { get; }

    public int SerializerId { get; }

    /// <summary>The next row's persistence id and sequence number.</summary>
    public (string Pid, long Seq) Next()
    {
        var i = _next;
        _next = i + 1 == _pids.Length ? 0 : i + 1;
        return (_pids[i], ++_seqs[i]);
    }

    /// <summary>Reads every column of the current row of a query selecting <c>EventReader.Columns</c>, as the journal
    /// reads them; returns the payload.</summary>
    public static byte[] ReadColumns(DbDataReader reader)
    {
        _ = reader.GetInt64(0);
        _ = reader.GetString(1);
        _ = reader.GetInt64(2);
        _ = reader.GetInt64(3);
        _ = reader.GetString(4);
        _ = reader.GetInt32(5);
        _ = reader.GetString(6);
        var payload = (byte[])reader.GetValue(7);
        _ = reader.IsDBNull(8);
        return payload;
    }

    /// <summary>The raw replay loops' per-row work, what a hand-written read loop does: read the columns and
    /// deserialize the payload to the event (System.Text.Json, the type known at compile time), as the journal must.</summary>
    public static BenchEvent ReadEvent(DbDataReader reader) =>
        System.Text.Json.JsonSerializer.Deserialize<BenchEvent>(ReadColumns(reader))
            ?? throw new InvalidOperationException("A stored event is JSON null.");
}
