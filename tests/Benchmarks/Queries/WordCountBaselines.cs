using System.Runtime.InteropServices;
using System.Threading.Tasks.Dataflow;

namespace Sluice.Benchmarks.Queries;

/// <summary>The three word-count workloads of the benchmark.</summary>
public enum WordCountCase
{
    /// <summary>Split sentences into words; count the words.</summary>
    Split,

    /// <summary>A running count per word.</summary>
    KeyedCount,

    /// <summary>A count per word and 10 s event-time window sliding every 5 s, emitted when the watermark closes the window.</summary>
    Windows,
}

/// <summary>
/// What a .NET developer would write instead of a query: a single-threaded loop over the sentences with a
/// <see cref="Dictionary{TKey,TValue}"/> (the limit), and the same pipeline as linked TPL Dataflow blocks (split, then
/// count). Both receive the sentences chunk by chunk, as the query does.
/// </summary>
public interface IWordCounter
{
    /// <summary>Takes one chunk of sentences.</summary>
    Task AddAsync(Sentence[] chunk);

    /// <summary>Processes everything added; returns a checksum of the result (words seen, or the sum of the counts emitted).</summary>
    Task<long> CompleteAsync();

    /// <summary>The count of each word so far (keyed count only).</summary>
    IReadOnlyDictionary<string, long> Counts { get; }
}

/// <summary>Counts of words per sliding window, closed (emitted and removed) when the watermark passes their end.</summary>
internal sealed class WindowCounts(long sizeMs, long slideMs, long delayMs)
{
    private readonly Dictionary<(string Word, long Start), long> _counts = [];
    private readonly List<(string Word, long Start)> _closed = [];
    private long _maxTimeMs = long.MinValue;
    private long _nextCloseMs = long.MaxValue; // the earliest end of an open window

    public long Emitted { get; private set; }

    public void Add(string word, long timeMs)
    {
        var lastStart = timeMs - (timeMs % slideMs);
        for (var start = lastStart; start > timeMs - sizeMs; start -= slideMs)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, (word, start), out _)++;
            _nextCloseMs = Math.Min(_nextCloseMs, start + sizeMs);
        }

        if (timeMs > _maxTimeMs)
        {
            _maxTimeMs = timeMs;
            if (_maxTimeMs - delayMs >= _nextCloseMs)
            {
                Close(_maxTimeMs - delayMs);
            }
        }
    }

    private void Close(long watermarkMs)
    {
        var next = long.MaxValue;
        foreach (var (key, count) in _counts)
        {
            if (key.Start + sizeMs <= watermarkMs)
            {
                _closed.Add(key);
                Emitted += count;
            }
            else
            {
                next = Math.Min(next, key.Start + sizeMs);
            }
        }

        foreach (var key in _closed)
        {
            _counts.Remove(key);
        }

        _closed.Clear();
        _nextCloseMs = next;
    }
}

/// <summary>The hand-written single-threaded loop.</summary>
internal sealed class LoopWordCounter(WordCountCase workload, long sizeMs, long slideMs, long delayMs) : IWordCounter
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly WindowCounts _windows = new(sizeMs, slideMs, delayMs);
    private long _words;

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public Task AddAsync(Sentence[] chunk)
    {
        foreach (var sentence in chunk)
        {
            foreach (var word in sentence.Text.Split(' '))
            {
                switch (workload)
                {
                    case WordCountCase.Split:
                        _words++;
                        break;
                    case WordCountCase.KeyedCount:
                        CollectionsMarshal.GetValueRefOrAddDefault(_counts, word, out _)++;
                        break;
                    default:
                        _windows.Add(word, sentence.TimeMs);
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CompleteAsync() => Task.FromResult(workload == WordCountCase.Windows ? _windows.Emitted : _words);
}

/// <summary>
/// The same pipeline on TPL Dataflow: a TransformManyBlock splits sentences into words (on both cores), an ActionBlock
/// counts them (one thread: the dictionary is not thread-safe), linked with bounded capacity for backpressure.
/// </summary>
internal sealed class DataflowWordCounter : IWordCounter
{
    private readonly TransformManyBlock<Sentence, (string Word, long TimeMs)> _split;
    private readonly ActionBlock<(string Word, long TimeMs)> _count;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly WindowCounts _windows;
    private long _words;

    public DataflowWordCounter(WordCountCase workload, long sizeMs, long slideMs, long delayMs)
    {
        _windows = new WindowCounts(sizeMs, slideMs, delayMs);
        _split = new TransformManyBlock<Sentence, (string, long)>(
            sentence => sentence.Text.Split(' ').Select(word => (word, sentence.TimeMs)),
            new ExecutionDataflowBlockOptions { BoundedCapacity = 4096, MaxDegreeOfParallelism = Environment.ProcessorCount, EnsureOrdered = true });
        _count = new ActionBlock<(string Word, long TimeMs)>(
            workload switch
            {
                WordCountCase.Split => _ => _words++,
                WordCountCase.KeyedCount => word => CollectionsMarshal.GetValueRefOrAddDefault(_counts, word.Word, out _)++,
                _ => word => _windows.Add(word.Word, word.TimeMs),
            },
            new ExecutionDataflowBlockOptions { BoundedCapacity = 65536 });
        _split.LinkTo(_count, new DataflowLinkOptions { PropagateCompletion = true });
        Workload = workload;
    }

    private WordCountCase Workload { get; }

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public async Task AddAsync(Sentence[] chunk)
    {
        foreach (var sentence in chunk)
        {
            await _split.SendAsync(sentence).ConfigureAwait(false);
        }
    }

    public async Task<long> CompleteAsync()
    {
        _split.Complete();
        await _count.Completion.ConfigureAwait(false);
        return Workload == WordCountCase.Windows ? _windows.Emitted : _words;
    }
}
