using System.Globalization;

namespace Sluice.Graphs.IO.Console;

/// <summary>
/// Formats doubles as Java's Double.toString does (what Spark shows): the shortest digits that round-trip,
/// plain with at least one decimal for 1e-3 &lt;= |x| &lt; 1e7 ("1.0", "0.001"), otherwise computerized
/// scientific ("1.0E7", "1.234E-5").
/// </summary>
internal static class JavaDouble
{
    public static string ToString(float value) =>
        float.IsFinite(value) && value != 0 ? Format(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture), value < 0, Math.Abs(value)) : ToString((double)value);

    public static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        return Format(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture), value < 0, Math.Abs(value));
    }

    /// <summary>Rewrites .NET's shortest round-trip text of |x| (plain or with an exponent) in Java's form.</summary>
    private static string Format(string shortest, bool negative, double magnitude)
    {
        var exponentAt = shortest.IndexOf('E', StringComparison.Ordinal);
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest.AsSpan(exponentAt + 1), CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        integerDigits -= leadingZeros;
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Now |value| = 0.<digits> * 10^integerDigits.
        var sign = negative ? "-" : "";
        if (magnitude is >= 1e-3 and < 1e7)
        {
            string plain;
            if (integerDigits <= 0)
            {
                plain = "0." + new string('0', -integerDigits) + digits;
            }
            else if (integerDigits >= digits.Length)
            {
                plain = digits + new string('0', integerDigits - digits.Length) + ".0";
            }
            else
            {
                plain = digits[..integerDigits] + "." + digits[integerDigits..];
            }

            return sign + plain;
        }

        var fraction = digits.Length > 1 ? digits[1..] : "0";
        return sign + digits[0] + "." + fraction + "E" + (integerDigits - 1).ToString(CultureInfo.InvariantCulture);
    }
}
