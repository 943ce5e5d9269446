using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GameOrchestrator
{
    /// <summary>
    /// The small JSON reader and writer the client needs: objects become
    /// <c>Dictionary&lt;string, object&gt;</c>, arrays <c>List&lt;object&gt;</c>, numbers
    /// <c>long</c> when integral and <c>double</c> otherwise, plus <c>string</c>, <c>bool</c> and
    /// <c>null</c>. Hand-written so the client needs no package in Unity and none under Mono.
    /// Stateless and thread-safe.
    /// </summary>
    public static class OrchestratorJson
    {
        private const int MaxDepth = 64;

        /// <summary>Parses one JSON value; throws <see cref="FormatException"/> on bad input.</summary>
        public static object Parse(string text)
        {
            if (text == null)
            {
                throw new FormatException("JSON text is null");
            }
            var reader = new Reader(text);
            object value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the JSON value");
            }
            return value;
        }

        /// <summary>Writes a value made of the types <see cref="Parse"/> returns (any integer or
        /// floating type is accepted as a number; NaN and infinities become null).</summary>
        public static string Serialize(object value)
        {
            var builder = new StringBuilder();
            Write(builder, value);
            return builder.ToString();
        }

        private static void Write(StringBuilder builder, object value)
        {
            if (value == null)
            {
                builder.Append("null");
            }
            else if (value is string)
            {
                WriteString(builder, (string)value);
            }
            else if (value is bool)
            {
                builder.Append((bool)value ? "true" : "false");
            }
            else if (value is double || value is float)
            {
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                builder.Append(double.IsNaN(number) || double.IsInfinity(number)
                    ? "null"
                    : number.ToString("R", CultureInfo.InvariantCulture));
            }
            else if (value is int || value is long || value is short || value is byte
                     || value is uint || value is ulong || value is decimal)
            {
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
            else if (value is IDictionary<string, object>)
            {
                WriteObject(builder, (IDictionary<string, object>)value);
            }
            else if (value is IDictionary<string, string>)
            {
                var copy = new Dictionary<string, object>();
                foreach (var pair in (IDictionary<string, string>)value)
                {
                    copy[pair.Key] = pair.Value;
                }
                WriteObject(builder, copy);
            }
            else if (value is System.Collections.IEnumerable)
            {
                builder.Append('[');
                bool first = true;
                foreach (object item in (System.Collections.IEnumerable)value)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    Write(builder, item);
                }
                builder.Append(']');
            }
            else
            {
                throw new ArgumentException("cannot write a " + value.GetType().Name + " as JSON");
            }
        }

        private static void WriteObject(StringBuilder builder, IDictionary<string, object> map)
        {
            builder.Append('{');
            bool first = true;
            foreach (var pair in map)
            {
                if (!first)
                {
                    builder.Append(',');
                }
                first = false;
                WriteString(builder, pair.Key);
                builder.Append(':');
                Write(builder, pair.Value);
            }
            builder.Append('}');
        }

        private static void WriteString(StringBuilder builder, string text)
        {
            builder.Append('"');
            foreach (char c in text)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    default:
                        if (c < 0x20)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }
                        break;
                }
            }
            builder.Append('"');
        }

        private sealed class Reader
        {
            private readonly string text;
            private int position;

            internal Reader(string text)
            {
                this.text = text;
            }

            internal bool AtEnd
            {
                get { return position >= text.Length; }
            }

            internal FormatException Error(string message)
            {
                return new FormatException("invalid JSON at offset " + position + ": " + message);
            }

            internal void SkipWhitespace()
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }

            internal object ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nested deeper than " + MaxDepth);
                }
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("a value is missing");
                }
                char c = text[position];
                switch (c)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': return ReadLiteral("true", true);
                    case 'f': return ReadLiteral("false", false);
                    case 'n': return ReadLiteral("null", null);
                    default:
                        if (c == '-' || (c >= '0' && c <= '9'))
                        {
                            return ReadNumber();
                        }
                        throw Error("unexpected character '" + c + "'");
                }
            }

            private Dictionary<string, object> ReadObject(int depth)
            {
                var map = new Dictionary<string, object>();
                position++;
                SkipWhitespace();
                if (Peek() == '}')
                {
                    position++;
                    return map;
                }
                while (true)
                {
                    SkipWhitespace();
                    if (Peek() != '"')
                    {
                        throw Error("a field name must be a string");
                    }
                    string key = ReadString();
                    SkipWhitespace();
                    Expect(':');
                    map[key] = ReadValue(depth + 1);
                    SkipWhitespace();
                    if (Peek() == ',')
                    {
                        position++;
                        continue;
                    }
                    Expect('}');
                    return map;
                }
            }

            private List<object> ReadArray(int depth)
            {
                var list = new List<object>();
                position++;
                SkipWhitespace();
                if (Peek() == ']')
                {
                    position++;
                    return list;
                }
                while (true)
                {
                    list.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (Peek() == ',')
                    {
                        position++;
                        continue;
                    }
                    Expect(']');
                    return list;
                }
            }

            private string ReadString()
            {
                position++;
                var builder = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("a string is not closed");
                    }
                    char c = text[position++];
                    if (c == '"')
                    {
                        return builder.ToString();
                    }
                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }
                    if (AtEnd)
                    {
                        throw Error("an escape is cut short");
                    }
                    char escaped = text[position++];
                    switch (escaped)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (position + 4 > text.Length)
                            {
                                throw Error("a \\u escape needs four hex digits");
                            }
                            int code;
                            if (!int.TryParse(text.Substring(position, 4), NumberStyles.HexNumber,
                                    CultureInfo.InvariantCulture, out code))
                            {
                                throw Error("a \\u escape needs four hex digits");
                            }
                            builder.Append((char)code);
                            position += 4;
                            break;
                        default:
                            throw Error("unknown escape '\\" + escaped + "'");
                    }
                }
            }

            private object ReadNumber()
            {
                int start = position;
                bool integral = true;
                while (position < text.Length)
                {
                    char c = text[position];
                    if (c == '.' || c == 'e' || c == 'E')
                    {
                        integral = false;
                    }
                    else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
                    {
                        break;
                    }
                    position++;
                }
                string literal = text.Substring(start, position - start);
                long whole;
                if (integral && long.TryParse(literal, NumberStyles.AllowLeadingSign,
                        CultureInfo.InvariantCulture, out whole))
                {
                    return whole;
                }
                double number;
                if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return number;
                }
                throw Error("'" + literal + "' is not a number");
            }

            private object ReadLiteral(string word, object value)
            {
                if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
                {
                    throw Error("expected " + word);
                }
                position += word.Length;
                return value;
            }

            private char Peek()
            {
                return AtEnd ? '\0' : text[position];
            }

            private void Expect(char expected)
            {
                if (Peek() != expected)
                {
                    throw Error("expected '" + expected + "'");
                }
                position++;
            }
        }
    }
}
