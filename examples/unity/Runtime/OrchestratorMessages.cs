using System;
using System.Collections.Generic;
using System.Globalization;

namespace GameOrchestrator
{
    /// <summary>Settings of an <see cref="OrchestratorClient"/>. Read once, when the client is
    /// constructed.</summary>
    public sealed class OrchestratorClientOptions
    {
        /// <summary>The host, as <c>ws://HOST:PORT</c> (the client adds
        /// <c>/ws/server/{server id}/</c>) or as a full <c>ws://HOST:PORT/ws/server/{id}/</c>
        /// URL, whose id then wins over <see cref="ServerId"/>. Required.</summary>
        public string HostUrl;

        /// <summary>The id to connect as; null for <c>unity_&lt;local ip with dots as
        /// underscores&gt;</c>.</summary>
        public string ServerId;

        /// <summary>Sent as <c>Authorization: Bearer</c> when not null or empty.</summary>
        public string Token;

        /// <summary>How many jobs this server runs at once (1 to 1024).</summary>
        public int Capacity = 1;

        /// <summary>Labels the host's assignment policy may match maps against, e.g.
        /// <c>region</c>.</summary>
        public Dictionary<string, string> Labels = new Dictionary<string, string>();

        /// <summary>This build's version, reported in <c>hello</c>.</summary>
        public string Version = "unity-client/1";

        /// <summary>The reconnect delay grows by this much with every failed attempt
        /// (5 s, 10 s, 15 s...).</summary>
        public TimeSpan ReconnectBaseDelay = TimeSpan.FromSeconds(5);

        /// <summary>The longest reconnect delay.</summary>
        public TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

        /// <summary>How long one connection attempt may take.</summary>
        public TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Resource figures for a heartbeat, in percent (0 to 100); null means not
    /// reported.</summary>
    public sealed class ResourceUsage
    {
        /// <summary>CPU use.</summary>
        public double? Cpu;

        /// <summary>RAM use.</summary>
        public double? Ram;

        /// <summary>Disk use.</summary>
        public double? Disk;
    }

    /// <summary>One round of one map to simulate (<c>assign_job</c>). Immutable.</summary>
    public sealed class OrchestratorJob
    {
        /// <summary>The job (lease) id; name it when reporting the result.</summary>
        public readonly string JobId;

        /// <summary>The map to simulate.</summary>
        public readonly string MapId;

        /// <summary>The map's season.</summary>
        public readonly string SeasonId;

        /// <summary>The operator's round id.</summary>
        public readonly long RoundId;

        /// <summary>Rounds the map completed so far.</summary>
        public readonly long CurrentRoundNumber;

        /// <summary>Which attempt at this round this is, from 1.</summary>
        public readonly int Attempt;

        /// <summary>When the lease expires unless progress is reported (UTC).</summary>
        public readonly DateTime Deadline;

        /// <summary>The map's configuration, as JSON object text.</summary>
        public readonly string MapConfigJson;

        /// <summary>True when the host handed the job back after a reconnect: this server held
        /// it before and should carry on (or start over) rather than treat it as new.</summary>
        public readonly bool Resumed;

        internal OrchestratorJob(IDictionary<string, object> body, bool resumed)
        {
            JobId = Fields.Text(body, "job_id");
            MapId = Fields.Text(body, "map_id");
            SeasonId = Fields.Text(body, "season_id");
            RoundId = Fields.Integer(body, "round_id");
            CurrentRoundNumber = Fields.Integer(body, "current_round_number");
            Attempt = (int)Fields.Integer(body, "attempt");
            Deadline = Fields.Time(body, "deadline") ?? DateTime.MaxValue;
            object config;
            MapConfigJson = body.TryGetValue("map_config", out config) && config != null
                ? OrchestratorJson.Serialize(config)
                : "{}";
            Resumed = resumed;
        }
    }

    /// <summary>An operator's instruction (<c>command</c>): <c>drain</c>, <c>shutdown</c>,
    /// <c>restart</c>, <c>cancel_job</c> or a custom action. Immutable.</summary>
    public sealed class OrchestratorCommand
    {
        /// <summary>The command's id.</summary>
        public readonly string CommandId;

        /// <summary>What to do.</summary>
        public readonly string Action;

        /// <summary>The parameters, as JSON object text.</summary>
        public readonly string ParamsJson;

        internal OrchestratorCommand(IDictionary<string, object> body)
        {
            CommandId = Fields.Text(body, "command_id");
            Action = Fields.Text(body, "action");
            object parameters;
            ParamsJson = body.TryGetValue("params", out parameters) && parameters != null
                ? OrchestratorJson.Serialize(parameters)
                : "{}";
        }
    }

    /// <summary>The host refused a frame (<c>protocol_error</c>); the connection stays open.
    /// Immutable.</summary>
    public sealed class OrchestratorProtocolError
    {
        /// <summary>Why, e.g. <c>stale_job</c>, <c>missing_field</c>, <c>rate_limited</c>.</summary>
        public readonly string Code;

        /// <summary>A readable explanation.</summary>
        public readonly string Message;

        /// <summary>The refused frame's type, or null.</summary>
        public readonly string RefType;

        /// <summary>The bad field, or null.</summary>
        public readonly string Field;

        internal OrchestratorProtocolError(IDictionary<string, object> body)
        {
            Code = Fields.Text(body, "code");
            Message = Fields.Text(body, "message");
            RefType = Fields.Text(body, "ref_type");
            Field = Fields.Text(body, "field");
        }

        /// <inheritdoc />
        public override string ToString()
        {
            return Code + " (" + RefType + "): " + Message;
        }
    }

    /// <summary>The host applied a <c>job_done</c> or <c>job_failed</c> (<c>ack</c>).
    /// Immutable.</summary>
    public sealed class OrchestratorAck
    {
        /// <summary><c>job_done</c> or <c>job_failed</c>.</summary>
        public readonly string RefType;

        /// <summary>The map.</summary>
        public readonly string MapId;

        /// <summary>The job, or null.</summary>
        public readonly string JobId;

        internal OrchestratorAck(IDictionary<string, object> body)
        {
            RefType = Fields.Text(body, "ref_type");
            MapId = Fields.Text(body, "map_id");
            JobId = Fields.Text(body, "job_id");
        }
    }

    /// <summary>The host accepted the connection (<c>welcome</c>). Immutable.</summary>
    public sealed class OrchestratorWelcome
    {
        /// <summary>The id this server is known by.</summary>
        public readonly string ServerId;

        /// <summary>This connection's id.</summary>
        public readonly string SessionId;

        /// <summary>How often the client heartbeats.</summary>
        public readonly TimeSpan HeartbeatInterval;

        /// <summary>The job this server still holds from before a reconnect, or null.</summary>
        public readonly OrchestratorJob CurrentJob;

        internal OrchestratorWelcome(IDictionary<string, object> body)
        {
            ServerId = Fields.Text(body, "server_id");
            SessionId = Fields.Text(body, "session_id");
            long seconds = Fields.Integer(body, "heartbeat_interval_s");
            HeartbeatInterval = TimeSpan.FromSeconds(seconds > 0 ? seconds : 5);
            var current = Fields.Object(body, "current_job");
            CurrentJob = current == null ? null : new OrchestratorJob(current, true);
        }
    }

    /// <summary>Lenient field access: the wire contract says unknown fields are ignored and an
    /// explicit null counts as absent.</summary>
    internal static class Fields
    {
        internal static string Text(IDictionary<string, object> body, string name)
        {
            object value;
            if (!body.TryGetValue(name, out value) || value == null)
            {
                return null;
            }
            return value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        internal static long Integer(IDictionary<string, object> body, string name)
        {
            object value;
            if (!body.TryGetValue(name, out value) || value == null)
            {
                return 0;
            }
            if (value is long)
            {
                return (long)value;
            }
            if (value is double)
            {
                return (long)(double)value;
            }
            long parsed;
            return long.TryParse(value as string, NumberStyles.Integer, CultureInfo.InvariantCulture, out parsed)
                ? parsed
                : 0;
        }

        internal static DateTime? Time(IDictionary<string, object> body, string name)
        {
            string text = Text(body, name);
            DateTime parsed;
            if (text != null && DateTime.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out parsed))
            {
                return parsed;
            }
            return null;
        }

        internal static IDictionary<string, object> Object(IDictionary<string, object> body, string name)
        {
            object value;
            return body.TryGetValue(name, out value) ? value as IDictionary<string, object> : null;
        }
    }
}
