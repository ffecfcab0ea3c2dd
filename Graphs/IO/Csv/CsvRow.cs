using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sluice.Graphs.IO.Csv;

/// <summary>
/// One CSV record: its fields, and a read-only dictionary view from column name to field through the shared
/// <see cref="CsvHeader"/>. All values are strings, as read (no type inference: "08123" keeps its zero).
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix",
    Justification = "A row is what users call it; the dictionary view is a convenience.")]
public sealed class CsvRow : IReadOnlyDictionary<string, string>
{
    private readonly string[] _fields;

    /// <summary>Creates a row of <paramref name="fields"/> named by <paramref name="header"/>.</summary>
    public CsvRow(CsvHeader header, string[] fields)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(fields);
        Header = header;
        _fields = fields;
    }

    /// <summary>The column names.</summary>
    public CsvHeader Header { get; }

    /// <summary>The fields in file order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The field at <paramref name="index"/>.</summary>
    public string this[int index] => _fields[index];

    /// <summary>The field of the column named <paramref name="key"/>.</summary>
    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The CSV row has no column '{key}'; its columns are: {string.Join(", ", Header.Names)}.");

    /// <summary>The number of named fields (the smaller of the header's and the row's field count).</summary>
    public int Count => Math.Min(Header.Count, _fields.Length);

    /// <inheritdoc />
    public IEnumerable<string> Keys => Header.Names.Take(Count);

    /// <inheritdoc />
    public IEnumerable<string> Values => _fields.Take(Count);

    /// <summary>The fields as an array (the row's own array: do not change it).</summary>
    internal string[] FieldArray => _fields;

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = Header.IndexOf(key);
        if (index >= 0 && index < _fields.Length)
        {
            value = _fields[index];
            return true;
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, string>(Header.Names[i], _fields[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields joined by commas, for logs and tests.</summary>
    public override string ToString() => string.Join(",", _fields);
}
