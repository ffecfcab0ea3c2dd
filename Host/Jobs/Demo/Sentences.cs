using Sluice.Actors.Sharding;
using Sluice.Graphs.Sources;

namespace Sluice.Host.Jobs.Demo;

/*
 * The demo's built-in input: rows of the rate source turned into timestamped sentences, so that the demo needs no
 * server and no second terminal. The rate source's origin and row count are in the checkpoint, and a sentence is a
 * pure function of its rate row, so a restarted demo reads exactly the rows it would have read. Event times follow the
 * row's second, shuffled back by up to 3 s (out of order), and every 40th row is 25 s old on arrival (late: with the
 * demo's 10 s watermark its windows are closed and it is dropped and counted).
 */

/// <summary>Turns rate rows into timestamped sentences, with out-of-order and late rows.</summary>
public static class Sentences
{
    private static readonly string[] Subjects = ["the river", "a sluice", "the stream", "an actor", "the shard", "a window", "the watermark"];
    private static readonly string[] Verbs = ["carries", "holds", "counts", "closes", "opens", "drops", "joins"];
    private static readonly string[] Objects = ["the data", "a late row", "every word", "the epoch", "a checkpoint", "the state", "the batch"];

    /// <summary>The sentence of rate row <paramref name="row"/>: always the same for the same row.</summary>
    public static Sentence Of(RateRow row)
    {
        var hash = StableHash.Compute(row.Value);
        var skewMs = row.Value % 40 == 39 ? -25_000 : -(long)(hash % 3000);
        var text = $"{Subjects[hash % 7]} {Verbs[(hash >> 8) % 7]} {Objects[(hash >> 16) % 7]}";
        return new Sentence(row.Timestamp.AddMilliseconds(skewMs), text);
    }
}
