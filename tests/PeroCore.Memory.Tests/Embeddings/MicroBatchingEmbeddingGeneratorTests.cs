using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class MicroBatchingEmbeddingGeneratorTests
{
    private readonly GatedEmbeddingGenerator _inner = new();

    private static float[][] Vectors(GeneratedEmbeddings<Embedding<float>> embeddings) => [.. embeddings.Select(e => e.Vector.ToArray())];

    [Fact]
    public async Task Requests_queued_while_the_model_is_busy_go_in_one_call_with_the_vectors_of_one_at_a_time()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedQueryAsync("first");
        await _inner.WaitForCallAsync();

        string[] queries = [.. Enumerable.Range(0, 7).Select(i => $"query number {i}")];
        Task<float[]>[] queued = [.. queries.Select(q => batcher.EmbedQueryAsync(q))];
        gate.SetResult();
        float[][] answers = await Task.WhenAll(queued);
        await first;

        Assert.Equal(2, _inner.Calls.Count);
        GatedEmbeddingGenerator.Call second = _inner.Calls.Last();
        Assert.Equal(queries, second.Inputs);
        Assert.Equal(EmbeddingPurpose.Query, second.Purpose);
        Assert.Equal(Vectors(await _inner.Direct(queries, EmbeddingPurpose.Query)), answers);
        Assert.Equal(2, batcher.Batches);
        Assert.Equal(8, batcher.CoalescedRequests);
    }

    [Fact]
    public async Task Each_caller_gets_its_own_texts_in_its_own_order_and_shared_texts_are_embedded_once()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<IReadOnlyList<float[]>> first = batcher.EmbedDocumentsAsync(["warm-up"]);
        await _inner.WaitForCallAsync();

        Task<IReadOnlyList<float[]>> a = batcher.EmbedDocumentsAsync(["c", "a", "b", "a"]);
        Task<IReadOnlyList<float[]>> b = batcher.EmbedDocumentsAsync(["b", "d"]);
        gate.SetResult();
        await first;

        Assert.Equal(Vectors(await _inner.Direct(["c", "a", "b", "a"], EmbeddingPurpose.Document)), await a);
        Assert.Equal(Vectors(await _inner.Direct(["b", "d"], EmbeddingPurpose.Document)), await b);
        Assert.Equal(["c", "a", "b", "d"], _inner.Calls.Last().Inputs);
    }

    [Fact]
    public async Task Queries_and_documents_are_never_mixed_in_one_call()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedQueryAsync("hold");
        await _inner.WaitForCallAsync();

        Task<float[]> query = batcher.EmbedQueryAsync("cats");
        Task<float[]> document = batcher.EmbedDocumentAsync("cats");
        Task<float[]> query2 = batcher.EmbedQueryAsync("dogs");
        gate.SetResult();
        await Task.WhenAll(first, query, document, query2);

        GatedEmbeddingGenerator.Call[] calls = [.. _inner.Calls.Skip(1)];
        Assert.Equal(2, calls.Length);
        Assert.Contains(calls, c => c.Purpose == EmbeddingPurpose.Query && c.Inputs.SequenceEqual(["cats", "dogs"]));
        Assert.Contains(calls, c => c.Purpose == EmbeddingPurpose.Document && c.Inputs.SequenceEqual(["cats"]));
        Assert.NotEqual(await query, await document);
        Assert.Equal(Vectors(await _inner.Direct(["cats"], EmbeddingPurpose.Document))[0], await document);
    }

    [Fact]
    public async Task A_batch_holds_at_most_MaxBatchSize_texts_and_the_rest_waits_for_the_next()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { MaxBatchSize = 4 });
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();

        Task<IReadOnlyList<float[]>>[] queued = [.. Enumerable.Range(0, 5).Select(i => batcher.EmbedDocumentsAsync([$"x{i}", $"y{i}"]))];
        gate.SetResult();
        await Task.WhenAll(queued);
        await first;

        Assert.All(_inner.Calls, c => Assert.True(c.Inputs.Length <= 4));
        Assert.Equal(["x0", "y0", "x1", "y1"], _inner.Calls.ElementAt(1).Inputs);
        Assert.Equal(4, _inner.Calls.Count); // hold, then 2 + 2 + 1 requests
    }

    [Fact]
    public async Task A_request_of_MaxBatchSize_texts_or_more_goes_straight_to_the_model()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { MaxBatchSize = 3 });
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> held = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();

        IReadOnlyList<float[]> bulk = await batcher.EmbedDocumentsAsync(["a", "b", "c", "d"]);

        Assert.False(held.IsCompleted);
        Assert.Equal(Vectors(await _inner.Direct(["a", "b", "c", "d"], EmbeddingPurpose.Document)), bulk);
        gate.SetResult();
        await held;
        Assert.Equal(1, batcher.CoalescedRequests); // only the held one went through the queue
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_cancellation_at_once_and_is_left_out_of_the_batch()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();

        using var cts = new CancellationTokenSource();
        Task<float[]> cancelled = batcher.EmbedDocumentAsync("gone", cts.Token);
        Task<float[]> kept = batcher.EmbedDocumentAsync("kept");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(kept.IsCompleted);
        gate.SetResult();
        Assert.Equal(Vectors(await _inner.Direct(["kept"], EmbeddingPurpose.Document))[0], await kept);
        Assert.Equal(["kept"], _inner.Calls.Last().Inputs);
        await first;
    }

    [Fact]
    public async Task Cancelling_one_caller_of_a_running_batch_does_not_cancel_the_others()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource hold = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();

        TaskCompletionSource running = _inner.HoldNextCall();
        using var cts = new CancellationTokenSource();
        Task<float[]> cancelled = batcher.EmbedDocumentAsync("a", cts.Token);
        Task<float[]> other = batcher.EmbedDocumentAsync("b");
        hold.SetResult();
        await first;
        await _inner.WaitForCallAsync(); // the batch of "a" and "b" is running now
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        GatedEmbeddingGenerator.Call batch = _inner.Calls.Last();
        Assert.Equal(["a", "b"], batch.Inputs);
        Assert.False(batch.Token.IsCancellationRequested);
        running.SetResult();
        Assert.Equal(Vectors(await _inner.Direct(["b"], EmbeddingPurpose.Document))[0], await other);
    }

    [Fact]
    public async Task The_model_call_is_cancelled_when_every_caller_of_it_has_cancelled()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource hold = _inner.HoldNextCall();
        using var cts = new CancellationTokenSource();
        Task<float[]> only = batcher.EmbedDocumentAsync("alone", cts.Token);
        await _inner.WaitForCallAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => only);
        Assert.True(_inner.Calls.Single().Token.IsCancellationRequested);
        Assert.Equal(Vectors(await _inner.Direct(["next"], EmbeddingPurpose.Document))[0], await batcher.EmbedDocumentAsync("next"));
        GC.KeepAlive(hold);
    }

    [Fact]
    public async Task An_error_fails_only_the_callers_of_that_batch_and_the_next_batch_works()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();

        _inner.FailOn = "poison";
        Task<float[]> bad = batcher.EmbedDocumentAsync("poison");
        Task<float[]> neighbour = batcher.EmbedDocumentAsync("innocent");
        Task<float[]> query = batcher.EmbedQueryAsync("other purpose, other batch");
        gate.SetResult();
        await first;

        var error = await Assert.ThrowsAsync<EmbeddingProviderException>(() => bad);
        Assert.Contains("poison", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EmbeddingProviderException>(() => neighbour);
        Assert.Equal(Vectors(await _inner.Direct(["other purpose, other batch"], EmbeddingPurpose.Query))[0], await query);

        _inner.FailOn = null;
        Assert.Equal(Vectors(await _inner.Direct(["innocent"], EmbeddingPurpose.Document))[0], await batcher.EmbedDocumentAsync("innocent"));
    }

    [Fact]
    public async Task A_cache_hit_in_front_never_waits_for_a_batch()
    {
        var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        using var cache = new LruEmbeddingCache(batcher);
        float[] cached = await cache.EmbedQueryAsync("known");
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> busy = cache.EmbedQueryAsync("unknown");
        await _inner.WaitForCallAsync();
        await _inner.WaitForCallAsync();

        float[] again = await cache.EmbedQueryAsync("known");

        Assert.Equal(cached, again);
        Assert.False(busy.IsCompleted);
        gate.SetResult();
        await busy;
    }

    [Fact]
    public async Task With_two_concurrent_batches_a_second_batch_starts_while_the_first_is_held_and_the_rest_queue_behind_both()
    {
        var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { MaxConcurrentBatches = 2 });
        TaskCompletionSource firstGate = _inner.HoldNextCall();
        TaskCompletionSource secondGate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedQueryAsync("first");
        await _inner.WaitForCallAsync();
        Task<float[]> second = batcher.EmbedQueryAsync("second");
        await _inner.WaitForCallAsync(); // it did not wait for the first batch

        string[] queries = [.. Enumerable.Range(0, 5).Select(i => $"queued query {i}")];
        Task<float[]>[] queued = [.. queries.Select(q => batcher.EmbedQueryAsync(q))];
        await Task.Delay(100);
        Assert.Equal(2, _inner.Calls.Count); // both slots are busy: the rest waits
        secondGate.SetResult();
        await second;
        float[][] answers = await Task.WhenAll(queued); // they went in one batch in the freed slot
        Assert.False(first.IsCompleted);
        firstGate.SetResult();
        await first;
        ValueTask disposing = batcher.DisposeAsync();
        await disposing;

        Assert.Equal(3, _inner.Calls.Count);
        Assert.Equal(queries, _inner.Calls.Last().Inputs);
        Assert.Equal(Vectors(await _inner.Direct(queries, EmbeddingPurpose.Query)), answers);
        Assert.True(_inner.Disposed);
    }

    [Fact]
    public async Task Dispose_waits_for_every_running_batch_before_disposing_the_model()
    {
        var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { MaxConcurrentBatches = 2 });
        TaskCompletionSource firstGate = _inner.HoldNextCall();
        TaskCompletionSource secondGate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("one");
        await _inner.WaitForCallAsync();
        Task<float[]> second = batcher.EmbedDocumentAsync("two");
        await _inner.WaitForCallAsync();

        ValueTask disposing = batcher.DisposeAsync();
        secondGate.SetResult();
        await second;
        await Task.Delay(50);
        Assert.False(_inner.Disposed); // the first batch still runs
        firstGate.SetResult();
        await disposing;

        Assert.Equal(Vectors(await _inner.Direct(["one"], EmbeddingPurpose.Document))[0], await first);
        Assert.True(_inner.Disposed);
    }

    [Fact]
    public async Task Dispose_finishes_the_queued_requests_then_refuses_new_ones_and_disposes_the_model()
    {
        var batcher = new MicroBatchingEmbeddingGenerator(_inner);
        TaskCompletionSource gate = _inner.HoldNextCall();
        Task<float[]> first = batcher.EmbedDocumentAsync("hold");
        await _inner.WaitForCallAsync();
        Task<float[]> queued = batcher.EmbedDocumentAsync("queued");

        ValueTask disposing = batcher.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EmbedDocumentAsync("late"));
        Assert.False(_inner.Disposed);
        gate.SetResult();
        await disposing;

        Assert.Equal(Vectors(await _inner.Direct(["queued"], EmbeddingPurpose.Document))[0], await queued);
        await first;
        Assert.True(_inner.Disposed);
    }

    [Fact]
    public async Task With_a_batch_wait_requests_arriving_within_it_join_the_batch()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { BatchWait = TimeSpan.FromSeconds(1), MaxBatchSize = 3 });
        Task<float[]> a = batcher.EmbedDocumentAsync("a");
        Task<float[]> b = batcher.EmbedDocumentAsync("b");
        Task<float[]> c = batcher.EmbedDocumentAsync("c"); // the third text fills the batch: it runs without waiting the second out

        await Task.WhenAll(a, b, c);

        Assert.Equal(["a", "b", "c"], Assert.Single(_inner.Calls).Inputs);
    }

    [Fact]
    public async Task Many_concurrent_callers_all_get_the_vectors_of_one_at_a_time()
    {
        await using var batcher = new MicroBatchingEmbeddingGenerator(_inner, new EmbeddingBatchingOptions { MaxBatchSize = 8 });
        string[] texts = [.. Enumerable.Range(0, 200).Select(i => $"text {i % 150}")];

        float[][] answers = await Task.WhenAll(texts.Select(t => Task.Run(() => batcher.EmbedQueryAsync(t))));

        Assert.Equal(Vectors(await _inner.Direct(texts, EmbeddingPurpose.Query)), answers);
        Assert.Equal(batcher.Batches, _inner.Calls.Count);
        Assert.Equal(200, batcher.CoalescedRequests);
    }
}
