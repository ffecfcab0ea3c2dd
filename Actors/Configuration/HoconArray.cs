namespace Sluice.Actors.Configuration;

/// <summary>An array (a list, in the getters' words).</summary>
internal sealed class HoconArray : HoconValue
{
    public HoconArray(IReadOnlyList<HoconValue> items, ConfigOrigin origin, int column = 0)
        : base(origin, column)
    {
        Items = items;
        var resolved = true;
        foreach (var item in items)
        {
            resolved &= item.IsResolved;
        }

        IsResolved = resolved;
    }

    public IReadOnlyList<HoconValue> Items { get; }

    public override bool IsResolved { get; }

    public override string KindName => "a list";
}
