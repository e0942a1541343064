using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tests.Support;

namespace PeroCore.Nit.Tests;

/// <summary><c>async</c> calls: background execution, bounded task manager, reporting, cancellation.</summary>
public sealed class AsyncTaskTests
{
    [Fact]
    public async Task Failures_are_reported_as_events()
    {
        var tools = new RecordingTools().AddAsyncTool("bad", async (_, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("nope");
        });
        await using var tasks = new NitTaskManager();
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("async bad()", new NitExecutionContext { Tasks = tasks });
        Assert.True(result.IsSuccess); // scheduling worked; the failure arrives as an event
        await tasks.WhenIdleAsync();

        NitTaskEvent e = Assert.Single(tasks.DrainEvents());
        Assert.Equal(NitTaskStatus.Failed, e.Status);
        Assert.Equal("nope", e.Error);
        Assert.False(e.IsSuccess);
        Assert.Equal($"[Async task #{e.TaskId}] bad -> Error: nope", e.Describe());
        Assert.Empty(tasks.DrainEvents());
    }

    [Fact]
    public async Task Unknown_tools_fail_at_once_without_a_task()
    {
        await using var tasks = new NitTaskManager();
        NitExecutionResult result = await new NitRuntime(new RecordingTools().Registry).ExecuteAsync("async nothing()", new NitExecutionContext { Tasks = tasks });
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.Equal("Call: nothing -> Error: Plugin 'nothing' (normalized: nothing) not found.", result.Output);
        Assert.Equal(0, tasks.OutstandingCount);
        Assert.Empty(result.ScheduledTasks);
    }

    [Fact]
    public async Task Outstanding_tasks_are_bounded()
    {
        var gate = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tools = new RecordingTools().AddAsyncTool("slow", async (_, ct) => await gate.Task.WaitAsync(ct));
        await using var tasks = new NitTaskManager(maxConcurrency: 1, maxOutstanding: 2);
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("async slow() async slow() async slow()", new NitExecutionContext { Tasks = tasks });

        Assert.Equal(2, result.ScheduledTasks.Count);
        Assert.Equal("Error: Too many background tasks (limit 2); 'slow' was not started.", result.Statements[2].Value);
        Assert.Equal(NitStatus.Error, result.Status);
        gate.SetResult(1L);
        await tasks.WhenIdleAsync();
        Assert.Equal(2, tasks.DrainEvents().Count(e => e.Status == NitTaskStatus.Succeeded));
    }

    [Fact]
    public async Task Concurrency_is_limited()
    {
        int running = 0, peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tools = new RecordingTools().AddAsyncTool("work", async (_, ct) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return null;
        });
        await using var tasks = new NitTaskManager(maxConcurrency: 2, maxOutstanding: 10);
        await new NitRuntime(tools.Registry).ExecuteAsync(string.Concat(Enumerable.Repeat("async work() ", 6)), new NitExecutionContext { Tasks = tasks });
        while (Volatile.Read(ref running) < 2)
        {
            await Task.Delay(5);
        }

        release.SetResult();
        await tasks.WhenIdleAsync();
        Assert.Equal(2, peak);
        Assert.Equal(6, tasks.DrainEvents().Count);
    }

    [Fact]
    public async Task Disposing_the_manager_cancels_outstanding_tasks()
    {
        var tools = new RecordingTools().AddAsyncTool("forever", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        var tasks = new NitTaskManager();
        var completed = new List<NitTaskEvent>();
        tasks.TaskCompleted += (_, e) =>
        {
            lock (completed)
            {
                completed.Add(e);
            }
        };
        await new NitRuntime(tools.Registry).ExecuteAsync("async forever()", new NitExecutionContext { Tasks = tasks });
        await tasks.DisposeAsync();

        NitTaskEvent e = Assert.Single(tasks.DrainEvents());
        Assert.Equal(NitTaskStatus.Cancelled, e.Status);
        Assert.Single(completed);
        Assert.Equal(0, tasks.OutstandingCount);

        // A disposed manager refuses new work with a statement error.
        NitExecutionResult late = await new NitRuntime(tools.Registry).ExecuteAsync("async forever()", new NitExecutionContext { Tasks = tasks });
        Assert.Equal(NitStatus.Error, late.Status);
    }

    [Fact]
    public async Task Timeouts_and_callback_failures_are_reported()
    {
        var tools = new RecordingTools("fine").AddAsyncTool("stuck", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }, TimeSpan.FromMilliseconds(20));
        await using var tasks = new NitTaskManager();
        await new NitRuntime(tools.Registry).ExecuteAsync("async stuck()\nasync fine(callback=\"missing\")", new NitExecutionContext { Tasks = tasks });
        await tasks.WhenIdleAsync();
        var events = tasks.DrainEvents().OrderBy(e => e.TaskId).ToList();
        Assert.Equal(NitTaskStatus.TimedOut, events[0].Status);
        Assert.Equal(NitTaskStatus.Succeeded, events[1].Status);
        Assert.Equal("ok:fine", events[1].Value);
        Assert.Equal("Plugin 'missing' (normalized: missing) not found.", events[1].CallbackError);
        Assert.False(events[1].IsSuccess);
        Assert.Equal($"[Async task #{events[1].TaskId}] fine -> ok:fine\n  callback missing -> Error: Plugin 'missing' (normalized: missing) not found.", events[1].Describe());
    }

    [Fact]
    public async Task Events_reach_the_next_observation()
    {
        var tools = new RecordingTools("search");
        await using var tasks = new NitTaskManager();
        var dispatcher = new NitDispatcher(new NitRuntime(tools.Registry));
        var context = new NitExecutionContext { Tasks = tasks };
        NitDispatchResult turn1 = await dispatcher.DispatchAsync("<nit>async search(q=\"cats\")</nit>", context: context);
        await tasks.WhenIdleAsync();

        string observation = turn1.FormatObservation(taskEvents: tasks.DrainEvents());
        Assert.Equal(
            "【系统通知：NIT工具执行反馈】\n✅ 工具 [NIT_Script] 执行完成。\n结果:\nCall: search -> Async task scheduled\n\n✅ [Async task #1] search -> ok:search\n\n",
            observation);
    }

    [Fact]
    public async Task Undrained_events_are_capped()
    {
        var tools = new RecordingTools("foo");
        await using var tasks = new NitTaskManager(maxPendingEvents: 3);
        var runtime = new NitRuntime(tools.Registry);
        for (int i = 0; i < 5; i++)
        {
            await runtime.ExecuteAsync("async foo()", new NitExecutionContext { Tasks = tasks });
            await tasks.WhenIdleAsync();
        }

        Assert.Equal([3, 4, 5], tasks.DrainEvents().Select(e => e.TaskId));
        Assert.Equal(2, tasks.DroppedEvents);
    }

    [Fact]
    public async Task Default_task_manager_is_used_without_context()
    {
        var tools = new RecordingTools("foo");
        await using var runtime = new NitRuntime(tools.Registry);
        await runtime.ExecuteAsync("async foo()");
        await runtime.Tasks.WhenIdleAsync();
        Assert.Single(runtime.Tasks.DrainEvents());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
