using System.Text;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace PeroCore.Agent.Tools.Workspace;

/// <summary>
/// Reads the text of a workspace file: PDF through PdfPig, DOCX through the Open XML SDK, anything else as UTF-8 text
/// (a file with NUL bytes is refused as binary).
/// </summary>
internal static class DocumentText
{
    private const int BinaryProbeBytes = 8000;

    /// <summary>The kind of a file by its extension.</summary>
    public static DocumentKind KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => DocumentKind.Pdf,
        ".docx" => DocumentKind.Docx,
        _ => DocumentKind.Text,
    };

    /// <summary>Reads the file's text.</summary>
    /// <exception cref="InvalidDataException">The file is binary or its format is broken.</exception>
    public static async Task<string> ReadAsync(string path, CancellationToken ct)
    {
        switch (KindOf(path))
        {
            case DocumentKind.Pdf:
                return await Task.Run(() => ReadPdf(path), ct).ConfigureAwait(false);
            case DocumentKind.Docx:
                return await Task.Run(() => ReadDocx(path), ct).ConfigureAwait(false);
            default:
                var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
                if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, BinaryProbeBytes)) >= 0)
                {
                    throw new InvalidDataException("binary");
                }

                return DecodeText(bytes);
        }
    }

    /// <summary>Whether a file's first bytes look like text.</summary>
    public static bool LooksLikeText(string path)
    {
        var buffer = new byte[BinaryProbeBytes];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }

    private static string DecodeText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string ReadPdf(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path);
            var sb = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                var text = UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(page);
                sb.Append(text.Trim()).Append("\n\n");
            }

            return sb.ToString().Trim();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new InvalidDataException("pdf", ex);
        }
    }

    private static string ReadDocx(string path)
    {
        try
        {
            using var document = WordprocessingDocument.Open(path, false);
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return string.Empty;
            }

            var sb = new StringBuilder();
            foreach (var paragraph in body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>())
            {
                sb.Append(paragraph.InnerText).Append('\n');
            }

            return sb.ToString().Trim();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new InvalidDataException("docx", ex);
        }
    }
}
