using PeroCore.Memory.Graph;

namespace PeroCore.Memory.Tests.Graph;

/// <summary>Bulk build, incremental updates, snapshots and compaction of <see cref="MemoryGraph"/>.</summary>
public class MemoryGraphTests
{
    private const float Tolerance = 1e-6f;

    private static GraphNeighbor[] Neighbors(MemoryGraphSnapshot s, long id) =>
        s.GetNeighbors(id).OrderBy(n => n.Id).ThenBy(n => n.Kind).ToArray();

    private static long[] TimeNext(MemoryGraphSnapshot s, long id) =>
        s.GetNeighbors(id).Where(n => n.Kind == GraphEdgeKind.TimeNext).Select(n => n.Id).Order().ToArray();

    private static long[] TimePrevious(MemoryGraphSnapshot s, long id) =>
        s.GetNeighbors(id).Where(n => n.Kind == GraphEdgeKind.TimePrevious).Select(n => n.Id).Order().ToArray();

    [Fact]
    public void Build_sums_relation_rows_in_both_directions_and_counts_time_links_once()
    {
        var graph = MemoryGraph.Build(
            [1, 2, 3, 3],
            [(1, 2), (1, 2), (2, 3)],
            [(1, 2, 0.6f), (2, 1, 0.2f), (1, 3, 1.0f)]);
        var s = graph.Current;

        Assert.Equal(3, s.NodeCount);
        Assert.Equal(4, s.EdgeCount); // 1–2 relation, 1–3 relation, 1→2 time, 2→3 time
        Assert.Equal(
            [new GraphNeighbor(2, 0.4f, GraphEdgeKind.Relation), new GraphNeighbor(2, 0.2f, GraphEdgeKind.TimeNext), new GraphNeighbor(3, 0.5f, GraphEdgeKind.Relation)],
            Neighbors(s, 1),
            new NeighborComparer());
        Assert.Equal([1L], TimePrevious(s, 2));
        Assert.Equal([3L], TimeNext(s, 2));
    }

    [Fact]
    public void Build_skips_dangling_self_and_non_positive_rows()
    {
        var graph = MemoryGraph.Build(
            [1, 2],
            [(1, 9), (1, 1)],
            [(1, 9, 1f), (2, 2, 1f), (1, 2, 0f), (1, 2, -1f), (1, 2, float.NaN)]);

        Assert.Equal(0, graph.Current.EdgeCount);
        Assert.False(graph.Current.Contains(9));
    }

    [Fact]
    public void Neighbors_are_listed_heaviest_first()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4], [(1, 2)], [(1, 3, 0.2f), (1, 4, 1f)]);

        var weights = graph.Current.GetNeighbors(1).Select(n => n.Weight).ToArray();

        Assert.Equal([0.5f, 0.2f, 0.1f], weights);
    }

    [Fact]
    public void Weights_come_from_the_options()
    {
        var options = new MemoryGraphOptions { RelationWeight = 1f, TimeWeight = 0.3f };
        var graph = MemoryGraph.Build([1, 2, 3], [(1, 2)], [(1, 3, 0.7f)], options);
        graph.AddRelation(2, 3, 0.5f);

        var s = graph.Current;
        Assert.Equal(0.3f, s.GetNeighbors(2).Single(n => n.Kind == GraphEdgeKind.TimePrevious).Weight);
        Assert.Equal(0.7f, s.GetNeighbors(1).Single(n => n.Kind == GraphEdgeKind.Relation).Weight, Tolerance);
        Assert.Equal(0.5f, s.GetNeighbors(3).Single(n => n.Id == 2).Weight, Tolerance);
    }

    [Fact]
    public void Sparse_and_negative_ids_work()
    {
        long[] ids = [-5, 0, 1_000_000_000_000, long.MaxValue, long.MinValue];
        var graph = MemoryGraph.Build(ids, [(-5, 0), (0, 1_000_000_000_000)], [(long.MaxValue, long.MinValue, 1f)]);

        Assert.All(ids, id => Assert.True(graph.Current.Contains(id)));
        Assert.True(graph.AddNode(42));
        Assert.True(graph.AddRelation(42, long.MinValue, 1f));
        Assert.Equal([0L], TimeNext(graph.Current, -5));
        Assert.Equal(2, graph.Current.GetNeighbors(long.MinValue).Count);
    }

    [Fact]
    public void Appending_memories_extends_the_chain()
    {
        var graph = new MemoryGraph();
        for (long id = 1; id <= 5; id++)
        {
            Assert.True(graph.AddNode(id));
            Assert.True(graph.SetTimeLinks(id, id > 1 ? id - 1 : null, null));
        }

        var s = graph.Current;
        Assert.Equal(5, s.NodeCount);
        Assert.Equal(4, s.EdgeCount);
        Assert.Equal([2L], TimeNext(s, 1));
        Assert.Equal([4L], TimePrevious(s, 5));
        Assert.False(graph.AddNode(3));
    }

    [Fact]
    public void Inserting_in_the_middle_replaces_the_old_link()
    {
        var graph = MemoryGraph.Build([1, 2, 10], [(1, 2)], []);

        Assert.True(graph.SetTimeLinks(10, 1, 2));

        var s = graph.Current;
        Assert.Equal([10L], TimeNext(s, 1));
        Assert.Equal([10L], TimePrevious(s, 2));
        Assert.Equal([1L], TimePrevious(s, 10));
        Assert.Equal([2L], TimeNext(s, 10));
        Assert.Equal(2, s.EdgeCount);
    }

    [Fact]
    public void Set_time_links_replaces_the_nodes_own_links()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4], [(1, 2), (2, 3)], []);

        Assert.True(graph.SetTimeLinks(2, null, 4));

        var s = graph.Current;
        Assert.Empty(TimeNext(s, 1));
        Assert.Empty(TimePrevious(s, 3));
        Assert.Equal([4L], TimeNext(s, 2));
        Assert.Empty(TimePrevious(s, 2));
        Assert.False(graph.SetTimeLinks(2, 99, null)); // unknown neighbour: nothing changes
        Assert.Equal([4L], TimeNext(graph.Current, 2));
        Assert.Throws<ArgumentException>(() => graph.SetTimeLinks(2, 2, null));
        Assert.Throws<ArgumentException>(() => graph.SetTimeLinks(2, 3, 3));
    }

    [Fact]
    public void Removing_a_node_drops_its_edges_and_repairs_the_chain()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4], [(1, 2), (2, 3)], [(2, 4, 1f), (1, 3, 1f)]);

        Assert.True(graph.RemoveNode(2));

        var s = graph.Current;
        Assert.False(s.Contains(2));
        Assert.Equal(3, s.NodeCount);
        Assert.Equal([3L], TimeNext(s, 1));
        Assert.Equal([1L], TimePrevious(s, 3));
        Assert.Empty(s.GetNeighbors(4));
        Assert.Empty(s.GetNeighbors(2));
        Assert.False(graph.RemoveNode(2));
        Assert.False(graph.AddRelation(2, 4, 1f));
    }

    [Fact]
    public void Removing_without_repair_leaves_a_gap()
    {
        var graph = MemoryGraph.Build([1, 2, 3], [(1, 2), (2, 3)], []);

        graph.RemoveNode(2, repairTimeChain: false);

        Assert.Empty(graph.Current.GetNeighbors(1));
        Assert.Empty(graph.Current.GetNeighbors(3));
    }

    [Fact]
    public void Removed_id_can_be_added_again_without_its_old_edges()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], [(1, 2, 1f)]);
        graph.RemoveNode(2);

        Assert.True(graph.AddNode(2));

        Assert.True(graph.Current.Contains(2));
        Assert.Empty(graph.Current.GetNeighbors(2));
        Assert.Equal(2, graph.Current.NodeCount);
    }

    [Fact]
    public void Relations_add_up_and_are_removed_row_by_row()
    {
        var graph = MemoryGraph.Build([1, 2], [], []);

        Assert.True(graph.AddRelation(1, 2, 0.6f));
        Assert.True(graph.AddRelation(2, 1, 0.4f));
        Assert.Equal(0.5f, graph.Current.GetNeighbors(1).Single().Weight, Tolerance);
        Assert.Equal(0.5f, graph.Current.GetNeighbors(2).Single().Weight, Tolerance);

        Assert.True(graph.RemoveRelation(1, 2, 0.6f));
        Assert.Equal(0.2f, graph.Current.GetNeighbors(2).Single().Weight, Tolerance);

        Assert.True(graph.RemoveRelation(1, 2, 0.4f));
        Assert.Empty(graph.Current.GetNeighbors(1));
        Assert.Empty(graph.Current.GetNeighbors(2));
        Assert.False(graph.RemoveRelation(1, 2, 0.4f));
        Assert.False(graph.AddRelation(1, 2, 0f));
        Assert.False(graph.AddRelation(1, 1, 1f));
    }

    [Fact]
    public void Relation_and_time_link_between_the_same_pair_are_independent()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], [(1, 2, 1f)]);

        graph.RemoveRelation(2, 1, 1f);
        Assert.Equal([2L], TimeNext(graph.Current, 1));

        graph.RemoveTimeLink(1, 2);
        Assert.Empty(graph.Current.GetNeighbors(1));
        Assert.False(graph.RemoveTimeLink(1, 2));
        Assert.True(graph.AddTimeLink(1, 2));
        Assert.False(graph.AddTimeLink(1, 2));
        Assert.Equal(1, graph.Current.EdgeCount);
    }

    [Fact]
    public void Snapshots_are_immutable_and_versions_increase()
    {
        var graph = MemoryGraph.Build([1, 2], [(1, 2)], []);
        var before = graph.Current;

        graph.AddNode(3);
        graph.AddRelation(1, 3, 1f);
        graph.RemoveNode(2);

        Assert.True(before.Contains(2));
        Assert.False(before.Contains(3));
        Assert.Single(before.GetNeighbors(1));
        Assert.Equal(0, before.Version);
        Assert.Equal(3, graph.Current.Version);
        Assert.False(graph.AddNode(3));
        Assert.Equal(3, graph.Current.Version); // a no-op publishes nothing
    }

    [Fact]
    public void Edit_publishes_all_changes_at_once_or_none_on_error()
    {
        var graph = MemoryGraph.Build([1], [], []);

        graph.Edit(e =>
        {
            e.AddNode(2);
            e.SetTimeLinks(2, 1, null);
            e.AddRelation(1, 2, 1f);
            Assert.True(e.Contains(2));
        });
        Assert.Equal(1, graph.Current.Version);
        Assert.Equal(2, graph.Current.EdgeCount);

        Assert.Throws<InvalidOperationException>(() => graph.Edit(e =>
        {
            e.AddNode(3);
            e.RemoveNode(1);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(1, graph.Current.Version);
        Assert.True(graph.Current.Contains(1));
        Assert.False(graph.Current.Contains(3));

        Assert.Throws<InvalidOperationException>(() => graph.Edit(_ => graph.AddNode(5)));
        Assert.False(graph.Current.Contains(5));

        MemoryGraphEditor? escaped = null;
        graph.Edit(e => escaped = e);
        Assert.Throws<ObjectDisposedException>(() => escaped!.AddNode(4));
    }

    [Fact]
    public void Compaction_keeps_the_content_and_drops_removed_nodes()
    {
        var graph = MemoryGraph.Build([1, 2, 3, 4, 5], [(1, 2), (2, 3), (3, 4), (4, 5)], [(1, 5, 1f), (2, 4, 0.5f)]);
        graph.AddNode(6);
        graph.SetTimeLinks(6, 5, null);
        graph.AddRelation(6, 1, 0.3f);
        graph.RemoveNode(3);
        var before = graph.Current;

        graph.Compact();
        var after = graph.Current;

        Assert.Equal(before.NodeCount, after.NodeCount);
        Assert.Equal(before.EdgeCount, after.EdgeCount);
        Assert.Equal(0, after.OverrideSlotCount);
        Assert.Equal(after.NodeCount, after.SlotCount);
        foreach (var id in new long[] { 1, 2, 4, 5, 6 })
        {
            Assert.Equal(Neighbors(before, id), Neighbors(after, id), new NeighborComparer());
        }

        Assert.Equal(before.GetNodeIds().Order(), after.GetNodeIds().Order());
    }

    [Fact]
    public void Automatic_compaction_happens_after_enough_writes()
    {
        var graph = new MemoryGraph(new MemoryGraphOptions { MinCompactionEntries = 16, CompactionRatio = 0 });
        for (long id = 1; id <= 100; id++)
        {
            graph.Edit(e =>
            {
                e.AddNode(id);
                e.SetTimeLinks(id, id > 1 ? id - 1 : null, null);
            });
        }

        Assert.True(graph.Current.OverrideEntryCount + graph.Current.OverrideSlotCount <= 16 + 4);
        Assert.True(graph.Current.BaseEntryCount > 0);
        Assert.Equal(99, graph.Current.EdgeCount);
        for (long id = 2; id <= 100; id++)
        {
            Assert.Equal([id - 1], TimePrevious(graph.Current, id));
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGraph(new MemoryGraphOptions { RelationWeight = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGraph(new MemoryGraphOptions { TimeWeight = float.PositiveInfinity }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGraph(new MemoryGraphOptions { CompactionRatio = double.NaN }));
    }

    private sealed class NeighborComparer : IEqualityComparer<GraphNeighbor>
    {
        public bool Equals(GraphNeighbor x, GraphNeighbor y) =>
            x.Id == y.Id && x.Kind == y.Kind && Math.Abs(x.Weight - y.Weight) <= Tolerance;

        public int GetHashCode(GraphNeighbor obj) => HashCode.Combine(obj.Id, obj.Kind);
    }
}
