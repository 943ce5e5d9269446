using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using GameOrchestrator;

namespace GameOrchestrator.Harness
{
    /// <summary>
    /// A console game server on the plain client, for CI: it connects to the URL on the command
    /// line, "simulates" each round it is given for a while, reports it done with the next round
    /// due at once, and exits 0 once the host acknowledged the wanted number of rounds; 2 on
    /// timeout, 1 on bad arguments. It reconnects by itself when the host goes away.
    ///
    /// Its main thread drains a queue of client events, as Unity's Update() does.
    /// </summary>
    public static class Harness
    {
        private const string Usage =
            "usage: mono Harness.exe ws://HOST:PORT[/ws/server/ID/] [--jobs N] [--token T] "
            + "[--work-ms MS] [--timeout-s S] [--reconnect-base-ms MS]";

        /// <summary>Runs the harness; the exit code is the result.</summary>
        public static int Main(string[] args)
        {
            Settings settings;
            try
            {
                settings = Settings.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return 1;
            }
            return Run(settings);
        }

        private static int Run(Settings settings)
        {
            var mainThread = new BlockingCollection<Action>();
            var working = new Dictionary<string, Work>();
            var acknowledged = new HashSet<string>();
            var client = new OrchestratorClient(new OrchestratorClientOptions
            {
                HostUrl = settings.Url,
                Token = settings.Token,
                Version = "harness/1",
                ReconnectBaseDelay = settings.ReconnectBase,
            });
            client.Dispatcher = mainThread.Add;
            client.Log = line => Say("client: " + line);
            client.ResourceSampler = new ProcessCpu().Sample;
            client.Connected += welcome => Say("welcome session=" + welcome.SessionId + " current_job="
                + (welcome.CurrentJob == null ? "none" : welcome.CurrentJob.JobId));
            client.Disconnected += reason => Say("disconnected: " + reason);
            client.JobAssigned += job =>
            {
                if (working.ContainsKey(job.JobId))
                {
                    Say("job " + job.JobId + " resumed; still working on it");
                    return;
                }
                Say("job " + job.JobId + " map=" + job.MapId + " round=" + job.CurrentRoundNumber
                    + " attempt=" + job.Attempt + (job.Resumed ? " resumed" : ""));
                working[job.JobId] = new Work(job, DateTime.UtcNow + settings.WorkTime);
            };
            client.ResultAcknowledged += ack =>
            {
                if (ack.RefType == "job_done" && ack.JobId != null && acknowledged.Add(ack.JobId))
                {
                    Say("ack job " + ack.JobId + " (" + acknowledged.Count + "/" + settings.Jobs + ")");
                }
            };
            client.CommandReceived += command => Say("command " + command.Action + " " + command.ParamsJson);
            client.ProtocolErrorReceived += error => Say("protocol_error " + error);

            Say("connecting to " + client.EndpointUri + " as " + client.ServerId);
            client.Start();
            DateTime giveUpAt = DateTime.UtcNow + settings.Timeout;
            while (acknowledged.Count < settings.Jobs)
            {
                if (DateTime.UtcNow > giveUpAt)
                {
                    Say("timeout: " + acknowledged.Count + " of " + settings.Jobs + " rounds acknowledged");
                    client.Dispose();
                    return 2;
                }
                Action action;
                if (mainThread.TryTake(out action, TimeSpan.FromMilliseconds(20)))
                {
                    action();
                }
                FinishDueWork(client, working);
            }
            Say("done: " + acknowledged.Count + " rounds acknowledged");
            client.Disconnect("harness done").Wait(TimeSpan.FromSeconds(5));
            return 0;
        }

        private static void FinishDueWork(OrchestratorClient client, Dictionary<string, Work> working)
        {
            DateTime now = DateTime.UtcNow;
            foreach (var work in working.Values.Where(w => w.DoneAt <= now).ToList())
            {
                working.Remove(work.Job.JobId);
                Say("finished job " + work.Job.JobId);
                client.SendJobDone(work.Job.MapId, work.Job.JobId, now);
            }
        }

        private static void Say(string line)
        {
            Console.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line);
        }

        private sealed class Work
        {
            internal readonly OrchestratorJob Job;
            internal readonly DateTime DoneAt;

            internal Work(OrchestratorJob job, DateTime doneAt)
            {
                Job = job;
                DoneAt = doneAt;
            }
        }

        /// <summary>This process's CPU use since the last sample, as a share of all cores.</summary>
        private sealed class ProcessCpu
        {
            private readonly object gate = new object();
            private TimeSpan lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
            private DateTime lastAt = DateTime.UtcNow;

            internal ResourceUsage Sample()
            {
                lock (gate)
                {
                    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    DateTime now = DateTime.UtcNow;
                    double wall = (now - lastAt).TotalMilliseconds * Environment.ProcessorCount;
                    double percent = wall > 0 ? 100.0 * (cpu - lastCpu).TotalMilliseconds / wall : 0;
                    lastCpu = cpu;
                    lastAt = now;
                    return new ResourceUsage { Cpu = Math.Max(0, Math.Min(100, percent)) };
                }
            }
        }

        private sealed class Settings
        {
            internal string Url;
            internal string Token;
            internal int Jobs = 3;
            internal TimeSpan WorkTime = TimeSpan.FromMilliseconds(500);
            internal TimeSpan Timeout = TimeSpan.FromSeconds(60);
            internal TimeSpan ReconnectBase = TimeSpan.FromSeconds(5);

            internal static Settings Parse(string[] args)
            {
                if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException("the host URL is required");
                }
                var settings = new Settings { Url = args[0] };
                for (int i = 1; i < args.Length; i += 2)
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new ArgumentException(args[i] + " needs a value");
                    }
                    string value = args[i + 1];
                    switch (args[i])
                    {
                        case "--jobs": settings.Jobs = Positive(args[i], value); break;
                        case "--token": settings.Token = value; break;
                        case "--work-ms": settings.WorkTime = TimeSpan.FromMilliseconds(Positive(args[i], value)); break;
                        case "--timeout-s": settings.Timeout = TimeSpan.FromSeconds(Positive(args[i], value)); break;
                        case "--reconnect-base-ms":
                            settings.ReconnectBase = TimeSpan.FromMilliseconds(Positive(args[i], value));
                            break;
                        default: throw new ArgumentException("unknown option " + args[i]);
                    }
                }
                return settings;
            }

            private static int Positive(string option, string value)
            {
                int parsed;
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out parsed) || parsed < 1)
                {
                    throw new ArgumentException(option + " must be a positive whole number, got '" + value + "'");
                }
                return parsed;
            }
        }
    }
}
