using System.Text;

namespace Sluice.Benchmarks.Queries;

/// <summary>One generated line of text with its event time (ms since the Unix epoch).</summary>
/// <param name="TimeMs">The event time.</param>
/// <param name="Text">Words separated by single spaces.</param>
public readonly record struct Sentence(long TimeMs, string Text);

/// <summary>
/// Deterministic text for the word-count benchmarks: a vocabulary of 100,000 pronounceable words, sentences of 5 to 15
/// words drawn from a Zipf(s = 1) distribution over it (word k with probability proportional to 1 / k), from a fixed
/// seed. A pool of distinct sentence texts is generated once; the stream cycles through it, and sentence i of the
/// stream has event time <see cref="BaseTimeMs"/> + i / <see cref="SentencesPerMs"/>, so event time moves forward.
/// </summary>
public sealed class WordCorpus
{
    /// <summary>The size of the vocabulary.</summary>
    public const int VocabularySize = 100_000;

    /// <summary>How many sentences share one millisecond of event time (about a million words per event-second).</summary>
    public const int SentencesPerMs = 100;

    /// <summary>The event time of the first sentence: 2026-01-01T00:00:00Z.</summary>
    public const long BaseTimeMs = 1_767_225_600_000;

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "du", "ga", "hi", "jo", "be", "fu", "zi"];
    private readonly string[] _texts;
    private readonly long[] _wordsBefore; // words in _texts[0..i)

    private WordCorpus(string[] texts)
    {
        _texts = texts;
        _wordsBefore = new long[texts.Length + 1];
        for (var i = 0; i < texts.Length; i++)
        {
            _wordsBefore[i + 1] = _wordsBefore[i] + WordsIn(texts[i]);
        }
    }

    /// <summary>The seed the corpus was generated from.</summary>
    public int Seed { get; private init; }

    /// <summary>How many distinct sentence texts the stream cycles through.</summary>
    public int PoolSize => _texts.Length;

    /// <summary>Generates a pool of <paramref name="poolSize"/> sentences from <paramref name="seed"/>.</summary>
    public static WordCorpus Create(int seed, int poolSize)
    {
        var vocabulary = new string[VocabularySize];
        for (var i = 0; i < vocabulary.Length; i++)
        {
            vocabulary[i] = WordFor(i);
        }

        // Zipf(1): cumulative weights of 1/k, searched with a uniform draw.
        var cumulative = new double[VocabularySize];
        double total = 0;
        for (var k = 0; k < VocabularySize; k++)
        {
            total += 1.0 / (k + 1);
            cumulative[k] = total;
        }

        var random = new Random(seed);
        var texts = new string[poolSize];
        var builder = new StringBuilder();
        for (var s = 0; s < poolSize; s++)
        {
            builder.Clear();
            var words = random.Next(5, 16);
            for (var w = 0; w < words; w++)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                if (index < 0)
                {
                    index = ~index;
                }

                if (w > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(vocabulary[Math.Min(index, VocabularySize - 1)]);
            }

            texts[s] = builder.ToString();
        }

        return new WordCorpus(texts) { Seed = seed };
    }

    /// <summary>Sentences [<paramref name="start"/>, start + <paramref name="count"/>) of the stream.</summary>
    public Sentence[] Chunk(long start, int count)
    {
        var chunk = new Sentence[count];
        for (var i = 0; i < count; i++)
        {
            var n = start + i;
            chunk[i] = new Sentence(BaseTimeMs + (n / SentencesPerMs), _texts[n % _texts.Length]);
        }

        return chunk;
    }

    /// <summary>How many words sentences [<paramref name="start"/>, start + <paramref name="count"/>) hold.</summary>
    public long WordsIn(long start, long count) => WordsBefore(start + count) - WordsBefore(start);

    private long WordsBefore(long n) => (n / _texts.Length * _wordsBefore[^1]) + _wordsBefore[n % _texts.Length];

    private static int WordsIn(string text)
    {
        var words = 1;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                words++;
            }
        }

        return words;
    }

    /// <summary>Word <paramref name="index"/> of the vocabulary: its syllables in base 16, at least two.</summary>
    private static string WordFor(int index)
    {
        var builder = new StringBuilder();
        var n = index;
        do
        {
            builder.Append(Syllables[n % Syllables.Length]);
            n /= Syllables.Length;
        }
        while (n > 0);

        if (builder.Length < 4)
        {
            builder.Append("ra");
        }

        return builder.ToString();
    }
}
