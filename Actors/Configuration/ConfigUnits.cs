using System.Globalization;
using System.Numerics;

namespace Sluice.Actors.Configuration;

// Units format (HOCON.md, "Units format", "Duration format", "Period Format", "Size in bytes format"): a number,
// optional whitespace, then an optional unit of letters. A bare number is in the default unit (milliseconds,
// days, bytes). Duration and period units are lowercase; single-letter size units may be uppercase. kB, MB ... are
// powers of 10; K, Ki, KiB ... are powers of 2.
internal static class ConfigUnits
{
    private const long NanosPerTick = 100;

    private static readonly Dictionary<string, long> DurationNanos = BuildDurations();
    private static readonly Dictionary<string, BigInteger> SizeUnits = BuildSizes();

    /// <summary>Parses a duration; returns null with a reason when the text is not one.</summary>
    public static TimeSpan? ParseDuration(string text, out string? error)
    {
        if (text.Trim() == "infinite")
        {
            error = null;
            return Timeout.InfiniteTimeSpan;
        }

        if (!Split(text, out var number, out var unit))
        {
            error = "expected a duration such as 10s, 250ms or infinite";
            return null;
        }

        if (!DurationNanos.TryGetValue(unit.Length == 0 ? "ms" : unit, out var nanos))
        {
            error = $"unknown duration unit '{unit}'; use ns, us, ms, s, m, h or d (or their long names such as seconds)";
            return null;
        }

        error = "the duration is out of range";
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            var ticks = (BigInteger)whole * nanos / NanosPerTick;
            return ticks >= TimeSpan.MinValue.Ticks && ticks <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : null;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
        {
            error = "expected a duration such as 10s, 250ms or infinite";
            return null;
        }

        var exact = Math.Round(fraction * nanos / NanosPerTick);
        return exact >= TimeSpan.MinValue.Ticks && exact <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)exact) : null;
    }

    /// <summary>Parses a size in bytes; returns null with a reason when the text is not one.</summary>
    public static long? ParseBytes(string text, out string? error)
    {
        if (!Split(text, out var number, out var unit))
        {
            error = "expected a size in bytes such as 512k, 10MiB or 100 bytes";
            return null;
        }

        if (!SizeUnits.TryGetValue(unit.Length == 0 ? "B" : unit, out var multiplier))
        {
            error = $"unknown size unit '{unit}'; use B, kB, MB, GB ... (powers of 10) or K, KiB, M, MiB, G, GiB ... (powers of 2)";
            return null;
        }

        error = "the size does not fit in a 64-bit byte count";
        BigInteger bytes;
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            bytes = whole * multiplier;
        }
        else if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
        {
            try
            {
                bytes = new BigInteger(fraction * (decimal)multiplier);
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        else
        {
            error = "expected a size in bytes such as 512k, 10MiB or 100 bytes";
            return null;
        }

        return bytes >= long.MinValue && bytes <= long.MaxValue ? (long)bytes : null;
    }

    /// <summary>Parses a period; returns null with a reason when the text is not one.</summary>
    public static ConfigPeriod? ParsePeriod(string text, out string? error)
    {
        if (!Split(text, out var number, out var unit)
            || !int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            error = "expected a period such as 3d, 2 weeks, 6mo or 1y (a whole number)";
            return null;
        }

        error = null;
        try
        {
            return unit switch
            {
                "" or "d" or "day" or "days" => new ConfigPeriod(0, 0, amount),
                "w" or "week" or "weeks" => new ConfigPeriod(0, 0, checked(amount * 7)),
                "m" or "mo" or "month" or "months" => new ConfigPeriod(0, amount, 0),
                "y" or "year" or "years" => new ConfigPeriod(amount, 0, 0),
                _ => Fail($"unknown period unit '{unit}'; use d, w, mo or y (or day, week, month, year)", out error),
            };
        }
        catch (OverflowException)
        {
            error = "the period is out of range";
            return null;
        }
    }

    private static ConfigPeriod? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <summary>Splits "1.5 seconds" into "1.5" and "seconds"; false when there is no number.</summary>
    private static bool Split(string text, out string number, out string unit)
    {
        var trimmed = text.Trim();
        var i = trimmed.Length;
        while (i > 0 && char.IsLetter(trimmed[i - 1]))
        {
            i--;
        }

        unit = trimmed[i..];
        number = trimmed[..i].Trim();
        return number.Length > 0 && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    private static Dictionary<string, long> BuildDurations()
    {
        var units = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(long nanos, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = nanos;
            }
        }

        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60_000_000_000, "m", "minute", "minutes");
        Add(3_600_000_000_000, "h", "hour", "hours");
        Add(86_400_000_000_000, "d", "day", "days");
        return units;
    }

    private static Dictionary<string, BigInteger> BuildSizes()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string Letters = "KMGTPEZY";
        for (var i = 0; i < Letters.Length; i++)
        {
            var power = i + 1;
            var ten = BigInteger.Pow(1000, power);
            var two = BigInteger.Pow(1024, power);
            var letter = Letters[i].ToString();
            units[(i == 0 ? "k" : letter) + "B"] = ten;
            units[decimalNames[i] + "byte"] = ten;
            units[decimalNames[i] + "bytes"] = ten;
            foreach (var name in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = two;
            }
        }

        return units;
    }
}
