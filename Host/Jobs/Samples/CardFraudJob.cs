using System.Globalization;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Joins;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Host.Jobs.Samples;

/// <summary>
/// Card fraud detection: card transactions (CSV with a header <c>cardId,amount,merchant,timestamp</c>) from the files that
/// appear in a directory; per card, the spend velocity (sum and count of transactions) over sliding event-time windows
/// with a watermark, each window final once the watermark passes its end (append mode); a stream–static join with the
/// card limits of a CSV file (<c>cardId,limit</c>, reloaded every <c>limits-reload-interval</c>); the windows whose spend
/// exceeds the card's limit (<c>default-limit</c> for a card not in the file) or whose count exceeds
/// <c>max-transactions</c> are written as JSON lines by the file sink (exactly once). Settings: <c>input</c>,
/// <c>limits</c> (the CSV file), <c>output</c>, <c>window</c> (10m), <c>slide</c> (5m), <c>watermark-delay</c> (5m),
/// <c>max-transactions</c> (5), <c>default-limit</c> (500), <c>max-files-per-trigger</c> (10), <c>trigger</c> (5s; or
/// available-now).
/// </summary>
public sealed class CardFraudJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "card-fraud";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var limitsFile = Path.GetFullPath(settings.GetString("limits"));
        var maxTransactions = settings.GetInt("max-transactions", 5);
        var defaultLimit = decimal.Parse(settings.GetString("default-limit", "500.00"), NumberStyles.Number, CultureInfo.InvariantCulture);
        var limits = LookupTable.FromLoader(() => LoadLimits(limitsFile), settings.GetDuration("limits-reload-interval", TimeSpan.FromMinutes(1)));
        var window = Window.Sliding(settings.GetDuration("window", TimeSpan.FromMinutes(10)), settings.GetDuration("slide", TimeSpan.FromMinutes(5)));

        return DataStream.Files<IReadOnlyDictionary<string, string>>(settings.GetString("input"), FileFormat.Csv, settings.GetInt("max-files-per-trigger", 10))
            .Select(static row => Transaction.Parse(row))
            .WithTimestamps(static t => t.Timestamp)
            .WithWatermark(settings.GetDuration("watermark-delay", TimeSpan.FromMinutes(5)))
            .GroupBy(static t => t.CardId, window)
            .Aggregate(
                (Spend: 0m, Count: 0L),
                static (acc, t) => (acc.Spend + t.Amount, acc.Count + 1),
                static (a, b) => (a.Spend + b.Spend, a.Count + b.Count),
                static acc => acc)
            .LeftOuterJoin(limits, static w => w.Key, (w, limit) => Judge(w, limit?.Limit ?? defaultLimit, limit is null, maxTransactions))
            .Where(static w => w.Reason.Length > 0)
            .WriteStream(context)
            .OutputMode(OutputMode.Append)
            .Trigger(settings.GetTrigger("trigger", Trigger.ProcessingTime(TimeSpan.FromSeconds(5))))
            .StartFilesAsync(settings.GetString("output"));
    }

    private static FlaggedWindow Judge(WindowedRow<string, (decimal Spend, long Count)> w, decimal limit, bool unknownCard, int maxTransactions)
    {
        var reasons = new List<string>(2);
        if (w.Value.Spend > limit)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"spend {w.Value.Spend} over limit {limit}{(unknownCard ? " (unknown card: default limit)" : string.Empty)}"));
        }

        if (w.Value.Count > maxTransactions)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{w.Value.Count} transactions over {maxTransactions}"));
        }

        return new FlaggedWindow(w.Key, w.Window.Start, w.Window.End, w.Value.Spend, w.Value.Count, limit, string.Join("; ", reasons));
    }

    private static Dictionary<string, CardLimit> LoadLimits(string file)
    {
        var limits = new Dictionary<string, CardLimit>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(file);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 2 || !decimal.TryParse(fields[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var limit))
            {
                throw new ConfigurationException($"{file}:{i + 1}: expected 'cardId,limit' with a number for the limit, found '{line}'. Fix the line; the header is cardId,limit.");
            }

            limits[fields[0].Trim()] = new CardLimit(fields[0].Trim(), limit);
        }

        return limits;
    }

    /// <summary>A card transaction.</summary>
    /// <param name="CardId">The card.</param>
    /// <param name="Amount">The amount charged.</param>
    /// <param name="Merchant">Where.</param>
    /// <param name="Timestamp">When (event time).</param>
    public sealed record Transaction(string CardId, decimal Amount, string Merchant, DateTimeOffset Timestamp)
    {
        /// <summary>Reads a CSV row with the columns cardId, amount, merchant and timestamp (ISO 8601).</summary>
        /// <exception cref="FormatException">A column is missing or does not parse; the message names it.</exception>
        public static Transaction Parse(IReadOnlyDictionary<string, string> row)
        {
            ArgumentNullException.ThrowIfNull(row);
            string Column(string name) =>
                row.TryGetValue(name, out var value) ? value : throw new FormatException($"A transaction row has no '{name}' column: the header must be cardId,amount,merchant,timestamp.");
            return new Transaction(
                Column("cardId"),
                decimal.Parse(Column("amount"), NumberStyles.Number, CultureInfo.InvariantCulture),
                Column("merchant"),
                DateTimeOffset.Parse(Column("timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
    }

    /// <summary>A card's limit (a row of the limits file).</summary>
    /// <param name="CardId">The card.</param>
    /// <param name="Limit">Most it may spend in one window.</param>
    public sealed record CardLimit(string CardId, decimal Limit);

    /// <summary>A window of one card's transactions flagged as suspicious.</summary>
    /// <param name="CardId">The card.</param>
    /// <param name="WindowStart">The window's start (inclusive).</param>
    /// <param name="WindowEnd">The window's end (exclusive).</param>
    /// <param name="Spend">Its total spend.</param>
    /// <param name="Transactions">Its number of transactions.</param>
    /// <param name="Limit">The card's limit.</param>
    /// <param name="Reason">Why it is flagged (empty: not flagged).</param>
    public sealed record FlaggedWindow(string CardId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, decimal Spend, long Transactions, decimal Limit, string Reason);
}
