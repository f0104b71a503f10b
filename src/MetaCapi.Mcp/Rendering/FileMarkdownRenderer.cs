using System.Globalization;
using System.Text;

namespace MetaCapi.Mcp.Rendering;

/// <summary>
/// The default text of a file result: a one-line verdict, the upload's counts, the mapping as a table (for the user to
/// check before sending), the first row errors, the warnings with their counts, and what to do next. Built only from
/// the <see cref="FileResult"/>, so it can hold nothing the structured content does not (no token, no raw customer data).
/// </summary>
internal static class FileMarkdownRenderer
{
    private const int MaxListed = 20;

    public static string Render(FileResult result)
    {
        var text = new StringBuilder(2048);
        text.Append(Verdict(result)).Append("\n\n");
        if (result.Upload is { } upload)
        {
            Facts(text, result, upload);
        }

        if (result.MetaError is { } error)
        {
            text.Append("**Meta's error** (first failed request): code ").Append(error.Code?.ToString(CultureInfo.InvariantCulture) ?? "none")
                .Append(", ").Append(Line(error.Message ?? "no message")).Append(error.Hint is null ? string.Empty : " — " + Line(error.Hint)).Append("\n\n");
        }

        List(text, "Errors", result.Errors.Select(static e => $"`{e.Path}`: {Line(e.Message)}").ToList());
        Mapping(text, result.Mapping);
        List(text, "Row errors (rows skipped, never sent)",
            result.RowErrors.Select(static e => $"line {e.Row}{(e.Column is null ? string.Empty : $", column '{Line(e.Column)}'")}, `{e.Path}`: {Line(e.Message)}").ToList(),
            result.Upload is { RowsRejected: > 0 } rejected && rejected.RowsRejected > result.RowErrors.Count
                ? $"{rejected.RowsRejected} rows rejected in all; the first problems are listed."
                : null);
        List(text, "Warnings", result.Warnings.Select(static w => $"`{w.Path}`: {Line(w.Message)}{(w.Count > 1 ? $" ({w.Count} rows)" : string.Empty)}").ToList());
        if (result.MatchQuality is { } quality)
        {
            text.Append("**Match quality: ").Append(quality.Rating).Append(".** ").Append(Line(quality.Verdict)).Append("\n\n");
            if (quality.Coverage.Count > 0)
            {
                text.Append("Coverage: ")
                    .AppendJoin(", ", quality.Coverage.Select(static c => $"{c.Key} {c.Percent.ToString("0.#", CultureInfo.InvariantCulture)}%"))
                    .Append("\n\n");
            }
        }

        NextStep(text, result);
        if (result.SamplePayload is { } sample)
        {
            text.Append("**First event as it would be sent** (customer data hashed):\n\n```json\n").Append(sample.GetRawText()).Append("\n```\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static string Verdict(FileResult result)
    {
        var upload = result.Upload;
        var file = upload?.File is { } path ? Path.GetFileName(path) : "the file";
        var pixel = result.PixelId is null ? string.Empty : $" for pixel {result.PixelId}";
        var test = result.TestEventCode is null ? string.Empty : $" (to Test Events, code {result.TestEventCode})";
        return result.Status switch
        {
            FileResult.Statuses.Preview when upload is not null =>
                $"**Preview, nothing was sent**: {Count(upload.RowsValid, "row")} of {upload.RowsRead} in {file} ready to send{pixel}" +
                (upload.RowsRejected > 0 ? $", {Count(upload.RowsRejected, "row")} rejected." : ".") +
                (upload.RowsAlreadySent > 0 ? $" {Count(upload.RowsAlreadySent, "row")} were already sent by an earlier upload of this file." : string.Empty),
            FileResult.Statuses.Sent when upload is { Requests: 0, RowsAlreadySent: > 0 } =>
                $"**Already sent**: every valid row of {file}{pixel} was acknowledged by an earlier call; nothing was sent again{test}.",
            FileResult.Statuses.Sent when upload is not null =>
                $"**Sent**{test}: Meta acknowledged all {Count(upload.RowsValid, "valid row")} of {file}{pixel} in {Count(upload.Requests, "request")}" +
                (upload.Resumed ? $" (resumed: {upload.RowsAlreadySent} had been acknowledged before, {upload.RowsSent} sent now)." : "."),
            FileResult.Statuses.Partial when upload is not null =>
                $"**Partly sent**{test}: {upload.RowsSent + upload.RowsAlreadySent} of {upload.RowsValid} valid rows of {file}{pixel} acknowledged" +
                $"; {upload.RowsRejected} rejected, {upload.RowsFailed} failed" + (upload.Cancelled ? ", cancelled before the end." : "."),
            FileResult.Statuses.Failed when upload is not null => $"**Failed**: Meta acknowledged none of the rows of {file}{pixel}.",
            FileResult.Statuses.Failed => "**Failed**: the upload did not complete.",
            _ => $"**Rejected, nothing was sent**: {Count(result.Errors.Count, "problem")} to fix.",
        };
    }

    private static void Facts(StringBuilder text, FileResult result, UploadResult upload)
    {
        text.Append("| | |\n| --- | --- |\n");
        Row(text, "file", upload.File);
        Row(text, "format", upload.Format);
        Row(text, "pixel_id", result.PixelId);
        Row(text, "test_event_code", result.TestEventCode);
        Row(text, "rows", string.Create(CultureInfo.InvariantCulture,
            $"{upload.RowsRead} read, {upload.RowsValid} valid, {upload.RowsRejected} rejected"));
        if (result.Status != FileResult.Statuses.Preview || upload.RowsAlreadySent > 0)
        {
            Row(text, "sent", string.Create(CultureInfo.InvariantCulture,
                $"{upload.RowsSent} now, {upload.RowsAlreadySent} before, {upload.RowsFailed} failed, in {upload.Requests} request(s)"));
        }

        if (result.Status != FileResult.Statuses.Preview && upload.Requests > 0)
        {
            Row(text, "events_received", result.EventsReceived?.ToString(CultureInfo.InvariantCulture) ?? "not reported by Meta");
            Row(text, "fbtrace_id", result.FbtraceId);
            Row(text, "attempts", result.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        Row(text, "upload id", upload.Id);
        Row(text, "rejected rows written to", upload.RejectedRowsPath);
        text.Append('\n');
    }

    private static void Mapping(StringBuilder text, IReadOnlyList<MappingResult> mapping)
    {
        if (mapping.Count == 0)
        {
            return;
        }

        text.Append("**Mapping** (column → event field)\n\n| column | field | how |\n| --- | --- | --- |\n");
        foreach (var entry in mapping)
        {
            text.Append("| ").Append(entry.Column is null ? "(default)" : Cell(entry.Column))
                .Append(" | ").Append(entry.Field is null ? "not used" : Cell(entry.Field))
                .Append(" | ").Append(entry.Field is null && entry.How == "auto" ? "unmapped" : entry.How).Append(" |\n");
        }

        text.Append('\n');
    }

    private static void List(StringBuilder text, string title, List<string> lines, string? note = null)
    {
        if (lines.Count == 0)
        {
            return;
        }

        text.Append("**").Append(title).Append("**\n\n");
        foreach (var line in lines.Take(MaxListed))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        if (lines.Count > MaxListed)
        {
            text.Append("- … and ").Append(lines.Count - MaxListed).Append(" more in the structured result.\n");
        }

        if (note is not null)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        text.Append('\n');
    }

    private static void NextStep(StringBuilder text, FileResult result)
    {
        var next = result.Status switch
        {
            FileResult.Statuses.Preview when result.Upload is { RowsRejected: > 0 } =>
                "Check the mapping above with the user. Rejected rows are skipped when sending; fix them in the file (rejected_rows_path writes them with a reason), or send the rest as is with meta_send_conversion_file.",
            FileResult.Statuses.Preview => "Check the mapping above with the user, then call meta_send_conversion_file with the same arguments.",
            FileResult.Statuses.Partial when result.Upload is { Cancelled: true } => "Call meta_send_conversion_file again with the same arguments to send the rest.",
            FileResult.Statuses.Partial when result.Upload is { RowsFailed: > 0 } =>
                "Fix what Meta's error says if it is not temporary, then call again with the same arguments: only the rows not acknowledged are sent.",
            FileResult.Statuses.Partial => "Fix the rejected rows (rejected_rows_path writes them with a reason) and upload them as a new file.",
            FileResult.Statuses.Failed when result.MetaError?.Hint is { } hint => hint,
            FileResult.Statuses.Failed => "Nothing was acknowledged. Call again with the same arguments once the problem is fixed; the event_ids stay the same, so Meta deduplicates.",
            FileResult.Statuses.Rejected => "Fix the errors above and call again; nothing reached Meta.",
            FileResult.Statuses.Sent when result.TestEventCode is not null => "Check Events Manager → Test Events; remove test_event_code to send production events.",
            _ => null,
        };
        if (next is not null)
        {
            text.Append("**Next step:** ").Append(next).Append("\n\n");
        }
    }

    private static void Row(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("| ").Append(name).Append(" | ").Append(Cell(value)).Append(" |\n");
        }
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Cell(string value) => Line(value).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Line(string value) =>
        value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
