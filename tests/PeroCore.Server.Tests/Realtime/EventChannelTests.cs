using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Events;
using PeroCore.Server.Hosting;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Tests.Realtime;

/// <summary>The events channel against the real server: SSE and WebSocket clients, the outbox, read marks, retention.</summary>
public sealed class EventChannelTests : ApiTestBase
{
    private IEventPublisher Publisher => Server.App.Services.GetRequiredService<IEventPublisher>();

    private EventHub Hub => Server.App.Services.GetRequiredService<EventHub>();

    private static JsonElement Data(object value) => JsonSerializer.SerializeToElement(value);

    private async Task<List<long>> PublishAsync(int count, string kind = "test", int from = 0)
    {
        var ids = new List<long>();
        for (var i = from; i < from + count; i++)
        {
            ids.Add(await Publisher.PublishAsync(kind, Data(new { n = i })));
        }

        return ids;
    }

    [Fact]
    public async Task A_push_made_with_no_client_connected_reaches_the_next_client_then_live_events_follow()
    {
        var ids = await PublishAsync(3, "reminder");
        Assert.Equal(ids.OrderBy(i => i), ids);

        await using var sse = await SseClient.ConnectAsync(Server.Client);
        var replay = await sse.ReadAsync(3);
        Assert.Equal(ids, replay.Select(m => m.Id));
        Assert.All(replay, m => Assert.Equal("reminder", m.Kind));
        Assert.Equal([0, 1, 2], replay.Select(m => m.Data.GetProperty("n").GetInt32()));
        Assert.True(DateTimeOffset.TryParse(replay[0].Frame.GetProperty("created_at").GetString(), out _));

        var live = await Publisher.PublishAsync("pet_state", Data(new { mood = "开心" }));
        var next = Assert.Single(await sse.ReadAsync(1));
        Assert.Equal(live, next.Id);
        Assert.Equal("开心", next.Data.GetProperty("mood").GetString());
    }

    [Fact]
    public async Task A_client_resuming_with_Last_Event_ID_gets_only_what_it_missed_in_order()
    {
        var ids = await PublishAsync(6);
        await using (var first = await SseClient.ConnectAsync(Server.Client))
        {
            Assert.Equal(ids, (await first.ReadAsync(6)).Select(m => m.Id));
        }

        // The client saw up to ids[2] before it dropped; meanwhile two more events were pushed.
        var missed = await PublishAsync(2, from: 6);
        await using var resumed = await SseClient.ConnectAsync(Server.Client, lastEventId: ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var got = await resumed.ReadAsync(5);
        Assert.Equal(ids.Skip(3).Concat(missed), got.Select(m => m.Id));
        Assert.Null(await resumed.TryReadAsync(TimeSpan.FromMilliseconds(300)));

        // The query parameter works the same (for clients that cannot set the header); the header wins over it.
        await using var byQuery = await SseClient.ConnectAsync(Server.Client, $"/api/events?last_event_id={missed[0]}");
        Assert.Equal(missed[1], Assert.Single(await byQuery.ReadAsync(1)).Id);
        await using var both = await SseClient.ConnectAsync(Server.Client, $"/api/events?last_event_id={ids[0]}", lastEventId: missed[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(missed[1], Assert.Single(await both.ReadAsync(1)).Id);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999999")]
    public async Task A_bad_cursor_is_a_400_naming_it(string cursor)
    {
        var (response, status) = await SseClient.OpenAsync(Server.Client, "/api/events", cursor);
        using (response)
        {
            Assert.Equal(400, status);
            Assert.Contains("Last-Event-ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (byQuery, queryStatus) = await SseClient.OpenAsync(Server.Client, "/api/events?last_event_id=" + Uri.EscapeDataString(cursor));
        using (byQuery)
        {
            Assert.Equal(400, queryStatus);
            Assert.Contains("last_event_id", await byQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Concurrent_publishers_while_clients_are_connected_make_no_gaps_and_no_duplicates()
    {
        var before = await PublishAsync(20, "before");
        // One client joins with a cursor in the middle of the backlog, so replay and live overlap while publishers run.
        await using var sse = await SseClient.ConnectAsync(Server.Client, lastEventId: before[9].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var ws = await WsClient.ConnectAsync(Server.Client, "/ws/events?last_event_id=" + before[9]);
        const int Publishers = 4;
        const int Each = 40;
        var published = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < Each; i++)
            {
                mine.Add(await Publisher.PublishAsync("burst", Data(new { p, i })));
            }

            return mine;
        })));
        var expected = before.Skip(10).Concat(published.SelectMany(x => x)).Order().ToList();

        var got = (await sse.ReadAsync(expected.Count)).Select(m => m.Id).ToList();
        Assert.Equal(expected, got);
        Assert.Null(await sse.TryReadAsync(TimeSpan.FromMilliseconds(300)));

        var overWs = new List<long>();
        while (overWs.Count < expected.Count)
        {
            var frame = await ws.ReceiveJsonAsync();
            Assert.Equal("event", frame.GetProperty("type").GetString());
            overWs.Add(frame.GetProperty("id").GetInt64());
        }

        Assert.Equal(expected, overWs);
    }

    [Fact]
    public async Task Marking_read_hides_events_from_clients_without_a_cursor_but_not_from_a_cursor()
    {
        var ids = await PublishAsync(4);
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/events/read", $$"""{"up_to":{{ids[1]}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("marked").GetInt32());
        (status, body) = await SendAsync(HttpMethod.Post, "/api/events/read", $$"""{"ids":[{{ids[3]}}, {{ids[3]}}, 987654]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("marked").GetInt32());

        await using (var unread = await SseClient.ConnectAsync(Server.Client))
        {
            Assert.Equal(ids[2], Assert.Single(await unread.ReadAsync(1)).Id);
            Assert.Null(await unread.TryReadAsync(TimeSpan.FromMilliseconds(300)));
        }

        await using var cursor = await SseClient.ConnectAsync(Server.Client, lastEventId: "0");
        Assert.Equal(ids, (await cursor.ReadAsync(4)).Select(m => m.Id));

        // Over the WebSocket: the client marks what it saw, and a later cursor-less client gets nothing old.
        await using (var ws = await WsClient.ConnectAsync(Server.Client, "/ws/events"))
        {
            Assert.Equal(ids[2], (await ws.ReceiveJsonAsync()).GetProperty("id").GetInt64());
            await ws.SendJsonAsync(new { type = "read", up_to = ids[2] });
            var ack = await ws.ReceiveJsonAsync();
            Assert.Equal("read", ack.GetProperty("type").GetString());
            Assert.Equal(1, ack.GetProperty("marked").GetInt32());
        }

        await using var after = await SseClient.ConnectAsync(Server.Client);
        Assert.Null(await after.TryReadAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"up_to":-1}""")]
    [InlineData("""{"up_to":"5"}""")]
    [InlineData("""{"up_to":1.5}""")]
    [InlineData("""{"ids":"1,2"}""")]
    [InlineData("""{"ids":[1,"x"]}""")]
    [InlineData("""{"ids":[1],"up_to":1}""")]
    [InlineData("""{"upto":1}""")]
    public async Task A_bad_read_body_is_a_4xx_naming_the_field(string json)
    {
        await PublishAsync(1);
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/events/read", json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Matches("up_to|ids|upto", body.GetProperty("detail").GetString()!);
        Assert.Equal((1L, 1L), await Hub.Outbox.CountAsync());
    }

    [Fact]
    public async Task The_websocket_answers_ping_and_refuses_bad_messages_with_an_error_frame()
    {
        await using var ws = await WsClient.ConnectAsync(Server.Client, "/ws/events");
        await ws.SendTextAsync("ping");
        Assert.Equal("pong", await ws.ReceiveTextAsync());
        await ws.SendTextAsync("{not json");
        Assert.Equal("error", (await ws.ReceiveJsonAsync()).GetProperty("type").GetString());
        await ws.SendJsonAsync(new { type = "read", up_to = "x" });
        Assert.Contains("up_to", (await ws.ReceiveJsonAsync()).GetProperty("content").GetString(), StringComparison.Ordinal);

        var id = await Publisher.PublishAsync("live", Data(new { ok = true }));
        var frame = await ws.ReceiveJsonAsync();
        Assert.Equal(id, frame.GetProperty("id").GetInt64());
        Assert.Equal("live", frame.GetProperty("kind").GetString());
        Assert.True(frame.GetProperty("data").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_plain_get_on_a_websocket_route_is_a_400()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/ws/events");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("WebSocket", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_falls_behind_is_dropped_without_blocking_the_publisher_or_other_clients()
    {
        await using var sse = await SseClient.ConnectAsync(Server.Client);
        using var stuck = Hub.Subscribe(); // never read
        Assert.False(stuck.Overflowed.IsCancellationRequested);
        var ids = await PublishAsync(1100); // the default buffer holds 1024
        Assert.True(stuck.Overflowed.IsCancellationRequested);
        Assert.Equal(ids, (await sse.ReadAsync(ids.Count, TimeSpan.FromSeconds(60))).Select(m => m.Id));
    }

    [Fact]
    public async Task Retention_deletes_old_read_events_first_and_never_young_unread_ones()
    {
        var ids = await PublishAsync(150);
        Assert.Equal(120, await Hub.Outbox.MarkReadUpToAsync(ids[119]));

        // Over Events:MaxEvents (default 10000)? No: nothing goes.
        Assert.Equal(0, await Hub.PruneAsync(DateTimeOffset.UtcNow));

        // With a bound of 100, the 50 oldest read events go; the 30 unread stay.
        var outbox = Server.App.Store.Events;
        Assert.Equal(50, await outbox.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30), maxEvents: 100));
        var (total, unread) = await outbox.CountAsync();
        Assert.Equal((100L, 30L), (total, unread));
        Assert.Null(await outbox.GetAsync(ids[49]));
        Assert.NotNull(await outbox.GetAsync(ids[50]));

        // Only read events count against the bound: 30 unread events over a bound of 10 stay.
        Assert.Equal(70, await outbox.PruneAsync(DateTimeOffset.UtcNow.AddDays(-30), maxEvents: 10));
        Assert.Equal((30L, 30L), await outbox.CountAsync());

        // Past the age bound (31 days later), everything goes, unread or not; ids are never reused.
        Assert.Equal(30, await Hub.PruneAsync(DateTimeOffset.UtcNow.AddDays(31)));
        Assert.Equal((0L, 0L), await outbox.CountAsync());
        Assert.True(await Publisher.PublishAsync("after", Data(1)) > ids[^1]);
    }

    [Fact]
    public async Task A_cursor_ahead_of_the_outbox_falls_back_to_unread_events()
    {
        var ids = await PublishAsync(2);
        await using var sse = await SseClient.ConnectAsync(Server.Client, lastEventId: "999999");
        Assert.Equal(ids, (await sse.ReadAsync(2)).Select(m => m.Id));
    }

    [Fact]
    public async Task Bad_event_kinds_are_refused_by_the_publisher()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync("two\nlines", Data(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync(new string('k', 101), Data(1)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Publisher.PublishAsync(" ", Data(1)));
        Assert.Equal((0L, 0L), await Server.App.Store.Events.CountAsync());
    }
}
