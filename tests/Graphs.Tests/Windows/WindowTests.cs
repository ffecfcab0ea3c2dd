using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Tests.Windows;

public class WindowTests
{
    [Fact]
    public void A_time_window_includes_its_start_and_excludes_its_end()
    {
        var window = new TimeWindow(10_000, 15_000);
        Assert.True(window.Contains(10_000));
        Assert.True(window.Contains(14_999));
        Assert.False(window.Contains(15_000));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(10), window.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(15), window.End);
        Assert.Equal(TimeSpan.FromSeconds(5), window.Length);
        Assert.Equal(14_999, window.RowTimeMs);
        Assert.Equal("[1970-01-01 00:00:10.000, 1970-01-01 00:00:15.000)", window.ToString());
    }

    [Fact]
    public void Sliding_windows_whose_slide_equals_their_size_are_tumbling()
    {
        var window = Window.Sliding(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        Assert.Equal(WindowKind.Tumbling, window.Kind);
        Assert.Equal(WindowKind.Sliding, Window.Sliding(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)).Kind);
    }

    [Fact]
    public void An_offset_is_taken_modulo_the_slide_like_Sparks_start_time()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Window.Tumbling(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7)).Offset);
        Assert.Equal(TimeSpan.FromSeconds(3), Window.Sliding(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(-2)).Offset);
    }

    [Fact]
    public void Invalid_sizes_slides_and_gaps_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Tumbling(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Sliding(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Session(TimeSpan.FromMilliseconds(-1)));
    }

    [Fact]
    public void A_session_window_has_a_fixed_or_a_per_row_gap()
    {
        var fixedGap = Window.Session(TimeSpan.FromMinutes(30));
        Assert.Equal(WindowKind.Session, fixedGap.Kind);
        Assert.Equal(TimeSpan.FromMinutes(30), fixedGap.Gap);
        Assert.False(fixedGap.HasDynamicGap);
        Assert.True(Window.Session<string>(s => TimeSpan.FromSeconds(s.Length)).HasDynamicGap);
    }
}
