namespace Sluice.Benchmarks.Checkpointing;

/// <summary>
/// A seeded word stream: a vocabulary of distinct words drawn with Zipf-like frequencies (rank r has weight 1/r), so
/// a few words are very frequent and most are rare, as in text. The sequence is an index array over the vocabulary:
/// reading it allocates nothing per word.
/// </summary>
internal sealed class ZipfWords
{
    private readonly int[] _sequence;

    private ZipfWords(string[] vocabulary, int[] sequence)
    {
        Vocabulary = vocabulary;
        _sequence = sequence;
    }

    public string[] Vocabulary { get; }

    public int Length => _sequence.Length;

    public string this[long offset] => Vocabulary[_sequence[offset]];

    public static ZipfWords Generate(int vocabularySize, int words, int seed)
    {
        var random = new Random(seed);
        var vocabulary = new string[vocabularySize];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < vocabularySize; i++)
        {
            string word;
            do
            {
                var length = 3 + random.Next(8);
                for (var c = 0; c < length; c++) chars[c] = (char)('a' + random.Next(26));
                word = new string(chars[..length]);
            }
            while (!seen.Add(word));
            vocabulary[i] = word;
        }

        var cumulative = new double[vocabularySize];
        double total = 0;
        for (var r = 0; r < vocabularySize; r++)
        {
            total += 1.0 / (r + 1);
            cumulative[r] = total;
        }

        var sequence = new int[words];
        for (var i = 0; i < words; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            sequence[i] = Math.Min(index < 0 ? ~index : index, vocabularySize - 1);
        }

        return new ZipfWords(vocabulary, sequence);
    }
}
