using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Meetings;

namespace ZoomKit.Cli;

// meetings: list, create, get, update, delete.
public static partial class Commands
{
    private static Command Meetings()
    {
        var meetings = new Command("meetings", "Create, list, read, change and delete meetings.");

        var type = new Option<string?>("--type") { Description = "scheduled (default), live, upcoming, upcoming_meetings or previous_meetings" };
        var all = new Option<bool>("--all") { Description = "Follow every page" };
        var pageSize = new Option<int?>("--page-size") { Description = "1 to 300" };
        var list = new Command("list", "List meetings.\n\nExamples:\n  zoomkit meetings list\n  zoomkit meetings list --type upcoming --all --json") { type, all, pageSize };
        list.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var options = new MeetingListOptions { Type = parse.GetValue(type), PageSize = parse.GetValue(pageSize) };
            var found = new List<MeetingSummary>();
            if (parse.GetValue(all))
            {
                await output.StatusAsync("Listing meetings…", async update =>
                {
                    await foreach (var m in context.Client.Meetings.ListAllAsync(options, ct))
                    {
                        found.Add(m);
                        if (found.Count % 300 == 0)
                        {
                            update($"Listing meetings… {found.Count} so far");
                        }
                    }
                    return found.Count;
                });
            }
            else
            {
                found.AddRange((await context.Client.Meetings.ListAsync(options, ct)).Meetings);
            }
            if (output.Json)
            {
                output.WriteArray(new JsonArray(found.Select(m => (JsonNode)Summary(m)).ToArray()));
            }
            else
            {
                output.Table(["Id", "Topic", "Start (UTC)", "Minutes"], found.Select(m => new[] { m.Id.ToString(CultureInfo.InvariantCulture), m.Topic ?? "", m.StartTime?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", m.Duration?.ToString(CultureInfo.InvariantCulture) ?? "" }));
            }
            return ExitCodes.Ok;
        }));

        var fields = new MeetingOptions();
        var create = new Command("create", "Schedule a meeting. Zoom's rules are checked before anything is sent.\n\nExamples:\n  zoomkit meetings create --topic Standup --start 2030-03-04T09:30 --timezone Europe/Berlin --duration 15\n  zoomkit meetings create --topic Weekly --start 2030-03-04T09:30 --repeat weekly --days mon,wed --occurrences 8");
        fields.AddTo(create);
        create.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var request = new MeetingCreateRequest();
            fields.Fill(parse, request);
            var meeting = await context.Client.Meetings.CreateAsync(request, cancellationToken: ct);
            WriteMeeting(output, meeting);
            return ExitCodes.Ok;
        }));

        var id = new Argument<long>("id") { Description = "The meeting ID" };
        var getOccurrence = OccurrenceOption("Show this occurrence of a recurring meeting");
        var get = new Command("get", "Show a meeting, or one occurrence of a recurring meeting.\n\nExamples:\n  zoomkit meetings get 85746065432 --json\n  zoomkit meetings get 85746065432 --occurrence 1894471200000") { id, getOccurrence };
        get.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            WriteMeeting(output, await context.Client.Meetings.GetAsync(parse.GetValue(id), parse.GetValue(getOccurrence), cancellationToken: ct));
            return ExitCodes.Ok;
        }));

        var updateId = new Argument<long>("id") { Description = "The meeting ID" };
        var updateFields = new MeetingOptions();
        var updateOccurrence = OccurrenceOption("Change only this occurrence of a recurring meeting (its start and duration); the series' other occurrences stay as they are");
        var update = new Command("update", "Change a meeting, or one occurrence of it: only the options given are sent.\n\nExamples:\n  zoomkit meetings update 85746065432 --topic \"New topic\"\n  zoomkit meetings update 85746065432 --occurrence 1894471200000 --start 2030-03-05T10:00 --timezone Europe/Berlin") { updateId, updateOccurrence };
        updateFields.AddTo(update);
        update.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var request = new MeetingUpdateRequest();
            updateFields.Fill(parse, request);
            var occurrence = parse.GetValue(updateOccurrence);
            await context.Client.Meetings.UpdateAsync(parse.GetValue(updateId), request, occurrence, cancellationToken: ct);
            output.Line(occurrence is null ? $"Updated meeting {parse.GetValue(updateId)}." : $"Updated occurrence {occurrence} of meeting {parse.GetValue(updateId)}.");
            return ExitCodes.Ok;
        }));

        var deleteId = new Argument<long>("id") { Description = "The meeting ID" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var deleteOccurrence = OccurrenceOption("Delete only this occurrence of a recurring meeting; the series' other occurrences stay");
        var delete = new Command("delete", "Delete a meeting, or one occurrence of it.\n\nExamples:\n  zoomkit meetings delete 85746065432 --yes\n  zoomkit meetings delete 85746065432 --occurrence 1894471200000 --yes") { deleteId, yes, deleteOccurrence };
        delete.SetAction((parse, ct) => RunAsync(parse, async (context, output) =>
        {
            var meetingId = parse.GetValue(deleteId);
            var occurrence = parse.GetValue(deleteOccurrence);
            var what = occurrence is null ? $"meeting {meetingId}" : $"occurrence {occurrence} of meeting {meetingId}";
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    Output.Error("--yes is required to delete without a terminal to confirm on.");
                    return ExitCodes.Usage;
                }
                Console.Error.Write($"Delete {what}? [y/N] ");
                if (Console.ReadLine()?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
                {
                    output.Line("Nothing deleted.");
                    return ExitCodes.Ok;
                }
            }
            await context.Client.Meetings.DeleteAsync(meetingId, new MeetingDeleteOptions { OccurrenceId = occurrence }, ct);
            output.Line($"Deleted {what}.");
            return ExitCodes.Ok;
        }));

        meetings.Subcommands.Add(list);
        meetings.Subcommands.Add(create);
        meetings.Subcommands.Add(get);
        meetings.Subcommands.Add(update);
        meetings.Subcommands.Add(delete);
        return meetings;
    }

    // Zoom's occurrence ids are the occurrence's start in Unix milliseconds; `meetings get` lists them.
    private static Option<string?> OccurrenceOption(string description) => new("--occurrence") { Description = description + " (an occurrence_id from 'meetings get')" };

    private static JsonObject Summary(MeetingSummary m) => new()
    {
        ["id"] = m.Id,
        ["topic"] = m.Topic,
        ["type"] = (int)m.Type,
        ["start_time"] = m.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["duration"] = m.Duration,
        ["timezone"] = m.Timezone,
        ["join_url"] = m.JoinUrl,
    };

    private static void WriteMeeting(Output output, Meeting m)
    {
        // The start URL lets anyone start the meeting as host: a terminal is no place for it.
        var json = new JsonObject
        {
            ["id"] = m.Id,
            ["topic"] = m.Topic,
            ["type"] = (int)m.Type,
            ["start_time"] = m.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["duration"] = m.Duration,
            ["timezone"] = m.Timezone,
            ["agenda"] = m.Agenda,
            ["password"] = m.Password,
            ["join_url"] = m.JoinUrl,
            ["waiting_room"] = m.Settings?.WaitingRoom,
            ["mute_upon_entry"] = m.Settings?.MuteUponEntry,
            ["auto_recording"] = m.Settings?.AutoRecording,
        };
        var occurrences = (m.Occurrences ?? []).Select(o => new JsonObject
        {
            ["occurrence_id"] = o.OccurrenceId,
            ["start_time"] = o.StartTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["duration"] = o.Duration,
            ["status"] = o.Status,
        }).ToList();
        if (output.Json)
        {
            if (m.Occurrences is not null)
            {
                json["occurrences"] = new JsonArray([.. occurrences]);
            }
            output.WriteObject(json);
        }
        else
        {
            // One row per occurrence, so that its id can be given to --occurrence.
            var rows = json.Where(p => p.Value is not null).Select(p => new[] { p.Key, p.Value!.ToString() })
                .Concat(occurrences.Select(o => new[] { "occurrence " + o["occurrence_id"], $"{o["start_time"]}, {o["duration"]} min" }));
            output.Table(["Field", "Value"], rows);
        }
    }
}
