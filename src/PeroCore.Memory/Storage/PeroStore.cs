namespace PeroCore.Memory.Storage;

/// <summary>Every table of a PeroCore database, over one <see cref="PeroDatabase"/>.</summary>
public sealed class PeroStore : IAsyncDisposable
{
    /// <summary>Wraps an open database.</summary>
    public PeroStore(PeroDatabase database)
    {
        Database = database ?? throw new ArgumentNullException(nameof(database));
        Memories = new MemoryRepository(database);
        Relations = new RelationRepository(database);
        Logs = new ConversationLogRepository(database);
        PetStates = new PetStateRepository(database);
        Maintenance = new MaintenanceRecordRepository(database);
        Config = KeyValueRepository.Config(database);
        EngineState = KeyValueRepository.EngineState(database);
        ScheduledTasks = new ScheduledTaskRepository(database);
        Models = new ModelConfigRepository(database);
        Voices = new VoiceConfigRepository(database);
        McpServers = new McpConfigRepository(database);
        Events = new EventOutboxRepository(database);
    }

    /// <summary>The database.</summary>
    public PeroDatabase Database { get; }

    /// <summary><c>memory</c>.</summary>
    public MemoryRepository Memories { get; }

    /// <summary><c>memory_relation</c>.</summary>
    public RelationRepository Relations { get; }

    /// <summary><c>conversation_log</c>.</summary>
    public ConversationLogRepository Logs { get; }

    /// <summary><c>pet_state</c>.</summary>
    public PetStateRepository PetStates { get; }

    /// <summary><c>maintenance_record</c>.</summary>
    public MaintenanceRecordRepository Maintenance { get; }

    /// <summary><c>config</c>: user settings.</summary>
    public KeyValueRepository Config { get; }

    /// <summary><c>engine_state</c>: engine bookkeeping.</summary>
    public KeyValueRepository EngineState { get; }

    /// <summary><c>scheduled_task</c>.</summary>
    public ScheduledTaskRepository ScheduledTasks { get; }

    /// <summary><c>model_config</c>.</summary>
    public ModelConfigRepository Models { get; }

    /// <summary><c>voice_config</c>.</summary>
    public VoiceConfigRepository Voices { get; }

    /// <summary><c>mcp_config</c>.</summary>
    public McpConfigRepository McpServers { get; }

    /// <summary>The <c>event_outbox</c> table: pushes stored before they are sent.</summary>
    public EventOutboxRepository Events { get; }

    /// <summary>Opens the database file and wraps it.</summary>
    public static async Task<PeroStore> OpenAsync(string path, PeroDatabaseOptions? options = null, CancellationToken cancellationToken = default) =>
        new(await PeroDatabase.OpenAsync(path, options, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
