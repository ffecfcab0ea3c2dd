using System.Text.Json;

namespace Sluice.Graphs.State;

/// <summary>The JSON options state stores serialize with: fields included, so that value tuples round-trip.</summary>
internal static class StateSerialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General) { IncludeFields = true };
}
