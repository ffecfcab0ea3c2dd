namespace Sluice.Graphs.IO.Csv;

/// <summary>The column names of a CSV input, shared by all its rows, with a lookup from name to index.</summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a header from column names; a repeated name resolves to its first column.</summary>
    public CsvHeader(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        _indexByName = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            _indexByName.TryAdd(names[i], i);
        }
    }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of columns.</summary>
    public int Count => Names.Count;

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var index) ? index : -1;

    /// <summary>A header of Spark's generated names <c>_c0</c> ... <c>_c{count-1}</c>, for inputs without one.</summary>
    public static CsvHeader Generated(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = "_c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new CsvHeader(names);
    }
}
