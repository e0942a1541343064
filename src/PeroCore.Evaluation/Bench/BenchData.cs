using System.Globalization;
using System.Text;

namespace PeroCore.Evaluation.Bench;

/// <summary>
/// Deterministic synthetic data for the speed benchmarks: clustered unit vectors, "Speaker: sentence" turns whose
/// words follow the vector's cluster, questions, a fixed random graph, a NIT script and markup-dense model output.
/// The same seed always gives the same data, so cached indexes stay valid across runs.
/// </summary>
public static class BenchData
{
    /// <summary>Vector length of the embedded model (and of every benchmark vector).</summary>
    public const int Dimensions = 384;

    /// <summary>Spread of points around their cluster centre (norm of the noise before normalisation).</summary>
    public const float ClusterSigma = 0.6f;

    private const int RowsPerChunk = 4096;

    private static readonly string[] Speakers =
    [
        "Caroline", "Melanie", "Jon", "Gina", "John", "Maria", "Joanna", "Nate", "Tim", "Audrey",
        "Andrew", "Evan", "Sam", "Dave", "Calvin", "Deborah", "James", "Jolene", "Lily", "Oscar",
    ];

    private static readonly string[] Fillers =
    [
        "i", "really", "think", "that", "we", "should", "talk", "about", "the", "last", "weekend", "and", "my", "new",
        "it", "was", "so", "much", "fun", "with", "you", "know", "yesterday", "finally", "went", "to", "again", "after",
        "work", "felt", "great", "honestly", "maybe", "next", "time", "our", "friends", "love", "how", "been", "going",
    ];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ren", "tas", "vo", "shi", "pel", "dor", "na", "qui", "zu", "bel", "fa", "gor", "hin",
        "jo", "ler", "mon", "pra", "sol", "tur", "vex", "wyn", "yal", "cra", "dre", "eth", "fio", "gla",
    ];

    /// <summary>How many clusters a data set of <paramref name="count"/> vectors uses (about 100 points each, 10 to 1000).</summary>
    public static int ClusterCount(int count) => Math.Clamp(count / 100, 10, 1000);

    /// <summary>The cluster of point <paramref name="index"/>.</summary>
    public static int ClusterOf(int index, int clusters) => (int)((uint)Mix(index, 17) % (uint)clusters);

    /// <summary>Unit cluster centres.</summary>
    public static float[][] Centres(int clusters, int seed)
    {
        var centres = new float[clusters][];
        for (var c = 0; c < clusters; c++)
        {
            var rng = new Random(Mix(seed, c, 1));
            centres[c] = new float[Dimensions];
            FillGaussian(rng, centres[c], 1f);
            Normalize(centres[c]);
        }

        return centres;
    }

    /// <summary>
    /// <paramref name="count"/> unit vectors: point i is its cluster centre plus Gaussian noise of norm about
    /// <see cref="ClusterSigma"/>, normalised. Generated in parallel, deterministically.
    /// </summary>
    public static float[][] ClusteredVectors(int count, int seed, int? clusters = null)
    {
        var k = clusters ?? ClusterCount(count);
        var centres = Centres(k, seed);
        var result = new float[count][];
        var chunks = (count + RowsPerChunk - 1) / RowsPerChunk;
        Parallel.For(0, chunks, chunk =>
        {
            var rng = new Random(Mix(seed, chunk, 2));
            var end = Math.Min(count, (chunk + 1) * RowsPerChunk);
            for (var i = chunk * RowsPerChunk; i < end; i++)
            {
                result[i] = Point(centres[ClusterOf(i, k)], rng);
            }
        });
        return result;
    }

    /// <summary>Query vectors drawn from the same clusters as the data (not equal to any stored point).</summary>
    public static float[][] Queries(int count, int dataCount, int seed, out int[] clusterOfQuery)
    {
        var k = ClusterCount(dataCount);
        var centres = Centres(k, seed);
        var rng = new Random(Mix(seed, 3));
        var result = new float[count][];
        clusterOfQuery = new int[count];
        for (var i = 0; i < count; i++)
        {
            clusterOfQuery[i] = rng.Next(k);
            result[i] = Point(centres[clusterOfQuery[i]], rng);
        }

        return result;
    }

    /// <summary>The topic words of a cluster (four pseudo-words, unique to the cluster).</summary>
    public static string[] TopicWords(int cluster)
    {
        var words = new string[4];
        for (var w = 0; w < 4; w++)
        {
            var n = (cluster * 4) + w;
            var sb = new StringBuilder();
            sb.Append(Syllables[n % Syllables.Length]);
            sb.Append(Syllables[(n / Syllables.Length) % Syllables.Length]);
            sb.Append(Syllables[(n / (Syllables.Length * Syllables.Length)) % Syllables.Length]);
            words[w] = sb.ToString();
        }

        return words;
    }

    /// <summary>
    /// A LoCoMo-style turn for memory <paramref name="index"/>: "Speaker: sentence" with two of the cluster's topic
    /// words among everyday filler words. Conversations of 400 turns alternate two speakers.
    /// </summary>
    public static string Turn(int index, int clusters)
    {
        var rng = new Random(Mix(index, 4));
        var conversation = index / 400;
        var speaker = Speakers[((conversation * 2) + (index % 2)) % Speakers.Length];
        var topic = TopicWords(ClusterOf(index, clusters));
        var sb = new StringBuilder(speaker).Append(": ");
        var length = 10 + rng.Next(12);
        var first = rng.Next(length);
        var second = rng.Next(length);
        for (var w = 0; w < length; w++)
        {
            if (w > 0)
            {
                sb.Append(' ');
            }

            sb.Append(w == first ? topic[rng.Next(4)] : w == second ? topic[rng.Next(4)] : Fillers[rng.Next(Fillers.Length)]);
        }

        return sb.Append('.').ToString();
    }

    /// <summary>A question about a cluster's topic, naming a speaker, LoCoMo style.</summary>
    public static string Question(int cluster, int variant)
    {
        var topic = TopicWords(cluster);
        var speaker = Speakers[variant % Speakers.Length];
        return (variant % 3) switch
        {
            0 => $"What did {speaker} say about the {topic[0]} and the {topic[1]}?",
            1 => $"When did {speaker} go to {topic[2]} with friends?",
            _ => $"How does {speaker} feel about {topic[3]} after work?",
        };
    }

    /// <summary>
    /// The fixed benchmark graph: nodes 1..n on a time chain, and 4·n relations between random distinct nodes with
    /// strength U(0.1, 1) (weighted 0.5 by the graph options, the chain 0.2).
    /// </summary>
    public static (long[] Nodes, (long, long)[] TimeLinks, (long, long, float)[] Relations) Graph(int n, int seed)
    {
        var nodes = new long[n];
        var links = new (long, long)[Math.Max(0, n - 1)];
        for (var i = 0; i < n; i++)
        {
            nodes[i] = i + 1;
            if (i > 0)
            {
                links[i - 1] = (i, i + 1);
            }
        }

        var relations = new (long, long, float)[4L * n];
        var rng = new Random(Mix(seed, 5));
        for (var r = 0; r < relations.Length; r++)
        {
            long a = rng.Next(n) + 1;
            long b = rng.Next(n - 1) + 1;
            if (b >= a)
            {
                b++;
            }

            relations[r] = (a, b, 0.1f + (0.9f * rng.NextSingle()));
        }

        return (nodes, links, relations);
    }

    /// <summary>20 (or <paramref name="count"/>) distinct random seed nodes of a graph of <paramref name="n"/> nodes, energies U(0.5, 1).</summary>
    public static (long Id, float Energy)[] Seeds(int n, int count, int seed)
    {
        var rng = new Random(seed);
        var chosen = new HashSet<long>();
        var seeds = new List<(long, float)>(count);
        while (seeds.Count < Math.Min(count, n))
        {
            long id = rng.Next(n) + 1;
            if (chosen.Add(id))
            {
                seeds.Add((id, 0.5f + (0.5f * rng.NextSingle())));
            }
        }

        return [.. seeds];
    }

    /// <summary>A 10-statement NIT script over the instant benchmark tools (<c>echo</c>, <c>add</c>, <c>note</c>).</summary>
    public const string NitScript = """
        $a = add(x=1, y=2)
        $b = add(x=$a, y=40)
        $c = echo(text="hello", n=$b)
        note(text="remember the picnic", importance=5)
        $d = echo(list=[1, 2, 3], flag=true)
        $e = add(x=$b, y=-7)
        note(text="北京 trip", importance=3)
        $f = echo(map={"k": "v", "n": 2.5})
        $g = add(x=$e, y=$a)
        echo(result=$g, label="done")
        """;

    /// <summary>
    /// Markup-dense model output of about <paramref name="chars"/> characters: prose with HTML-ish tags, angle
    /// brackets, square brackets, NIT blocks (<c>&lt;nit-xxxx&gt;</c> and the legacy form) and near-miss openers.
    /// </summary>
    public static string MarkupText(int chars, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(chars + 256);
        string[] pieces =
        [
            "Sure! <b>Here</b> is the plan: ", "a < b and b > c, ", "[see note] ", "<i>really</i> ", "x<y<z ",
            "Let me check. <nit-{0}>$r = echo(a=1)\nnote(text=\"x\")</nit-{0}> Done. ",
            "[[[NIT_CALL]]]\nsearch(q=\"weather\")\n[[[NIT_END]]] ", "<nit-zz> is not a block, ", "[[[NIT_ ",
            "<span class=\"a\">text</span> ", "<<<>>> ", "array[i][j] = 3; ", "plain words flowing along nicely. ",
        ];
        while (sb.Length < chars)
        {
            var piece = pieces[rng.Next(pieces.Length)];
            if (piece.Contains("{0}", StringComparison.Ordinal))
            {
                piece = string.Format(CultureInfo.InvariantCulture, piece, rng.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture));
            }

            sb.Append(piece);
        }

        return sb.ToString();
    }

    /// <summary>Splits text into deltas of <paramref name="size"/> characters (the last may be shorter).</summary>
    public static string[] Deltas(string text, int size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new string[(text.Length + size - 1) / size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = text.Substring(i * size, Math.Min(size, text.Length - (i * size)));
        }

        return result;
    }

    /// <summary>Normalises a vector in place.</summary>
    public static void Normalize(Span<float> v)
    {
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(v, v));
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }
    }

    private static float[] Point(float[] centre, Random rng)
    {
        var p = new float[Dimensions];
        FillGaussian(rng, p, ClusterSigma / MathF.Sqrt(Dimensions));
        System.Numerics.Tensors.TensorPrimitives.Add(p, centre, p);
        Normalize(p);
        return p;
    }

    private static void FillGaussian(Random rng, Span<float> target, float scale)
    {
        for (var i = 0; i < target.Length; i += 2)
        {
            // Box-Muller: two normal samples per pair of uniforms.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1)) * scale;
            target[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < target.Length)
            {
                target[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    private static int Mix(int a, int b, int c = 0)
    {
        unchecked
        {
            var h = (uint)a * 0x9E3779B1u;
            h ^= (uint)b * 0x85EBCA77u;
            h ^= (uint)c * 0xC2B2AE3Du;
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 13;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
