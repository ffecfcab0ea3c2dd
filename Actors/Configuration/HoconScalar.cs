using System.Globalization;

namespace Sluice.Actors.Configuration;

/// <summary>A string, number, boolean or null. Numbers keep the text they were written with.</summary>
internal sealed class HoconScalar : HoconValue
{
    public HoconScalar(HoconScalarKind kind, string text, ConfigOrigin origin, int column = 0)
        : base(origin, column)
    {
        Kind = kind;
        Text = text;
    }

    public HoconScalarKind Kind { get; }

    /// <summary>The string value, the number as written, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    public override bool IsResolved => true;

    public override string KindName => Kind switch
    {
        HoconScalarKind.String => "a string",
        HoconScalarKind.Number => "a number",
        HoconScalarKind.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>The value as a message shows it: strings quoted, everything else as written.</summary>
    public string Describe() => Kind == HoconScalarKind.String ? HoconRenderer.Quote(Text) : Text;

    public static HoconScalar String(string text, ConfigOrigin origin, int column = 0) =>
        new(HoconScalarKind.String, text, origin, column);

    /// <summary>Tries to read the value as a number: numbers, and strings that parse as JSON numbers.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind is HoconScalarKind.Number or HoconScalarKind.String
            && double.TryParse(Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}
