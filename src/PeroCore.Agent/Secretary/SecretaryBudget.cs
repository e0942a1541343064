namespace PeroCore.Agent.Secretary;

/// <summary>Model calls left in one run.</summary>
internal sealed class SecretaryBudget
{
    private readonly int _total;
    private int _left;

    public SecretaryBudget(int calls)
    {
        _total = calls;
        _left = calls;
    }

    public int Used => _total - _left;

    public bool TryTake()
    {
        if (_left <= 0)
        {
            return false;
        }

        _left--;
        return true;
    }
}
