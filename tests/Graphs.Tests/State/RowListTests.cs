using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.State;

public sealed class RowListTests
{
    [Fact]
    public void Rows_across_many_segments_read_back_in_order_by_index_enumerator_and_interface()
    {
        var rows = new RowList<long>();
        var count = (RowList<long>.SegmentLength * 3) + 5;
        for (long i = 0; i < count; i++)
        {
            rows.Add(i * 7);
        }

        Assert.Equal(count, rows.Count);
        Assert.Equal(7L * (count - 1), rows[count - 1]);
        Assert.Equal(7L * RowList<long>.SegmentLength, rows[RowList<long>.SegmentLength]);
        long expected = 0;
        foreach (var row in rows)
        {
            Assert.Equal(expected, row);
            expected += 7;
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 7L), (IEnumerable<long>)rows);
        Assert.Equal([7L * 10, 7L * 11], rows.Range(10, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows[count]);
    }

    [Fact]
    public void A_segment_stays_under_the_large_object_heap_threshold()
    {
        Assert.True(RowList<(string, long, long, object)>.SegmentLength * 32 <= 64 * 1024);
        Assert.Equal(8192, RowList<long>.SegmentLength);
    }

    [Fact]
    public void A_cleared_list_is_empty_and_takes_new_rows_from_the_start()
    {
        var rows = new RowList<string>();
        for (var i = 0; i < RowList<string>.SegmentLength + 1; i++)
        {
            rows.Add("r" + i);
        }

        rows.Clear();
        Assert.Empty(rows);
        rows.AddRange(["x", "y"]);
        Assert.Equal(["x", "y"], rows);
        var copy = new RowList<string>();
        copy.AddRange(rows);
        Assert.Equal(["x", "y"], copy);
    }

    [Fact]
    public void A_row_queue_hands_rows_out_in_order_across_segments_and_refills_after_emptying()
    {
        var queue = new RowQueue<int>();
        var length = RowList<int>.SegmentLength;
        var next = 0;
        var expected = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < (2 * length) + 3; i++)
            {
                queue.Enqueue(next++);
            }

            for (var i = 0; i < length + 1; i++)
            {
                Assert.Equal(expected++, queue.Dequeue());
            }
        }

        while (queue.Count > 0)
        {
            Assert.Equal(expected++, queue.Dequeue());
        }

        Assert.Equal(next, expected);
        Assert.Throws<InvalidOperationException>(() => queue.Dequeue());
        queue.Enqueue(42);
        Assert.Equal(42, queue.Dequeue());
    }
}

public sealed class PooledByteWriterTests
{
    [Fact]
    public void Writing_past_the_first_rented_array_keeps_every_byte_in_order()
    {
        using var writer = new PooledByteWriter(16);
        using (var json = new System.Text.Json.Utf8JsonWriter(writer))
        {
            json.WriteStartArray();
            for (var i = 0; i < 10_000; i++)
            {
                json.WriteNumberValue(i);
            }

            json.WriteEndArray();
        }

        var expected = "[" + string.Join(",", Enumerable.Range(0, 10_000)) + "]";
        Assert.Equal(expected.Length, writer.WrittenCount);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(writer.ToArray()));
    }
}
