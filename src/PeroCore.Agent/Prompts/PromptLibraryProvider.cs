using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Loads each language's <see cref="PromptLibrary"/> once and shares it; <see cref="Invalidate"/> makes the next call
/// read the files again (after a user edited a template). Register as a singleton.
/// </summary>
public sealed class PromptLibraryProvider
{
    private readonly PromptLibraryOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<PromptLanguage, Task<PromptLibrary>> _loaded = [];

    /// <summary>Creates a provider.</summary>
    public PromptLibraryProvider(IOptions<PromptLibraryOptions>? options = null) => _options = options?.Value ?? new PromptLibraryOptions();

    /// <summary>The library of <paramref name="language"/>, loaded on first use.</summary>
    public Task<PromptLibrary> GetAsync(PromptLanguage language, CancellationToken cancellationToken = default)
    {
        Task<PromptLibrary> task;
        lock (_gate)
        {
            if (!_loaded.TryGetValue(language, out task!) || task.IsFaulted || task.IsCanceled)
            {
                // Loading is not tied to one caller's token: the result is shared.
                task = PromptLibrary.LoadAsync(language, _options, cancellationToken: CancellationToken.None);
                _loaded[language] = task;
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>The library of the language selected by the store's <c>prompt_language</c> config key (English by default).</summary>
    public async Task<PromptLibrary> GetForStoreAsync(PeroStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var value = await store.Config.GetAsync(PromptLibrary.LanguageConfigKey, cancellationToken).ConfigureAwait(false);
        return await GetAsync(PromptLibrary.ParseLanguage(value), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the loaded libraries; the next call reloads them from disk.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _loaded.Clear();
        }
    }
}
