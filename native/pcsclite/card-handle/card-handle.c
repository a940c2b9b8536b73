/*
 * One PC/SC card connection per handle, with transactions: SCardConnect, SCardBeginTransaction,
 * SCardTransmit, SCardControl, SCardEndTransaction and SCardDisconnect, each run off the JavaScript
 * thread (they block while the card or the reader works) and answered with a promise.
 *
 * Why our own addon: the `pcsclite` package, which watches the readers, has no transactions, and a
 * transaction only works on the handle that SCardConnect returned, so the connection itself has to
 * live here. Each connection has its own context: PC/SC serialises calls per context, and a command
 * stuck on one card must not hold up another reader.
 *
 * Errors reject with an Error whose message ends in "(0x8010xxxx)", the PC/SC return code, and
 * whose `code` property holds the same number.
 */
#define NAPI_VERSION 6
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __APPLE__
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#else
#include <winscard.h>
#endif

#ifdef _WIN32
/* The reader names we get from the watcher are narrow strings. */
#define CONNECT SCardConnectA
#define STATUS SCardStatusA
#else
#define CONNECT SCardConnect
#define STATUS SCardStatus
#endif

/* Extended APDUs (65 536 data bytes plus the status word) fit; BELPIC answers never exceed 258. */
#define RESPONSE_MAX 65538
/* The CCID part 10 answers (feature lists, PIN pad results) are a few dozen bytes. */
#define CONTROL_MAX 4096
#define ATR_MAX 33
#define READER_NAME_MAX 1024
/* Far above any APDU we send; bounds the copy of what JavaScript hands us. */
#define COMMAND_MAX 65544

typedef struct {
  SCARDCONTEXT context;
  SCARDHANDLE card;
  DWORD protocol;
  /* SCardConnect succeeded and SCardDisconnect has not been asked for yet. */
  int open;
} Connection;

typedef enum { OP_CONNECT, OP_TRANSMIT, OP_CONTROL, OP_BEGIN, OP_END, OP_DISCONNECT } Operation;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  /* Keeps the connection's JavaScript object (and so the Connection) alive while the call runs. */
  napi_ref owner;
  Connection *connection;
  Operation operation;
  const char *function;
  LONG result;
  /* In */
  char *reader;
  DWORD share;
  DWORD protocols;
  unsigned char *input;
  DWORD input_length;
  DWORD control_code;
  DWORD disposition;
  /* Out */
  unsigned char *output;
  DWORD output_length;
  unsigned char atr[ATR_MAX];
  DWORD atr_length;
} Call;

static void release_connection(Connection *connection) {
  if (connection->open) {
    SCardDisconnect(connection->card, SCARD_LEAVE_CARD);
    connection->open = 0;
  }
  if (connection->context) {
    SCardReleaseContext(connection->context);
    connection->context = 0;
  }
}

/* Runs when the garbage collector takes a connection object: no call is pending (see Call.owner). */
static void finalize_connection(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Connection *connection = (Connection *)data;
  release_connection(connection);
  free(connection);
}

static void execute(napi_env env, void *data) {
  (void)env;
  Call *call = (Call *)data;
  Connection *connection = call->connection;
  switch (call->operation) {
    case OP_CONNECT: {
      call->function = "SCardEstablishContext";
      call->result = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &connection->context);
      if (call->result != SCARD_S_SUCCESS) {
        connection->context = 0;
        return;
      }
      call->function = "SCardConnect";
      call->result = CONNECT(connection->context, call->reader, call->share, call->protocols, &connection->card, &connection->protocol);
      if (call->result != SCARD_S_SUCCESS) {
        SCardReleaseContext(connection->context);
        connection->context = 0;
        return;
      }
      connection->open = 1;
      /* The ATR of the card this handle reached, not of whatever the watcher saw last. */
      char name[READER_NAME_MAX];
      DWORD name_length = sizeof name;
      DWORD state = 0;
      DWORD protocol = 0;
      call->atr_length = sizeof call->atr;
      if (STATUS(connection->card, name, &name_length, &state, &protocol, call->atr, &call->atr_length) != SCARD_S_SUCCESS) {
        call->atr_length = 0;
      }
      return;
    }
    case OP_TRANSMIT: {
      const SCARD_IO_REQUEST *pci = connection->protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
      call->function = "SCardTransmit";
      call->output_length = RESPONSE_MAX;
      call->result = SCardTransmit(connection->card, pci, call->input, call->input_length, NULL, call->output, &call->output_length);
      return;
    }
    case OP_CONTROL:
      call->function = "SCardControl";
      call->output_length = 0;
#ifdef __APPLE__
      call->result = SCardControl132(connection->card, call->control_code, call->input, call->input_length, call->output, CONTROL_MAX, &call->output_length);
#else
      call->result = SCardControl(connection->card, call->control_code, call->input, call->input_length, call->output, CONTROL_MAX, &call->output_length);
#endif
      return;
    case OP_BEGIN:
      call->function = "SCardBeginTransaction";
      call->result = SCardBeginTransaction(connection->card);
      return;
    case OP_END:
      call->function = "SCardEndTransaction";
      call->result = SCardEndTransaction(connection->card, call->disposition);
      return;
    case OP_DISCONNECT:
      call->function = "SCardDisconnect";
      call->result = SCardDisconnect(connection->card, call->disposition);
      connection->open = 0;
      SCardReleaseContext(connection->context);
      connection->context = 0;
      return;
  }
}

static napi_value pcsc_error(napi_env env, const char *function, LONG result) {
  unsigned long code = (unsigned long)result & 0xffffffffUL;
  char text[160];
#if !defined(_WIN32) && !defined(__APPLE__)
  snprintf(text, sizeof text, "%s error: %s (0x%08lx)", function, pcsc_stringify_error(result), code);
#else
  snprintf(text, sizeof text, "%s error (0x%08lx)", function, code);
#endif
  napi_value message, error, number;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, NULL, message, &error);
  napi_create_double(env, (double)code, &number);
  napi_set_named_property(env, error, "code", number);
  return error;
}

static napi_value copy_buffer(napi_env env, const unsigned char *bytes, size_t length) {
  napi_value buffer;
  void *target = NULL;
  napi_create_buffer_copy(env, length, bytes, &target, &buffer);
  return buffer;
}

static void free_call(napi_env env, Call *call) {
  if (call->owner) napi_delete_reference(env, call->owner);
  if (call->work) napi_delete_async_work(env, call->work);
  free(call->reader);
  free(call->input);
  free(call->output);
  free(call);
}

static void complete(napi_env env, napi_status status, void *data) {
  Call *call = (Call *)data;
  napi_value value;
  int failed = status != napi_ok || call->result != SCARD_S_SUCCESS;
  if (failed && call->operation == OP_CONNECT) {
    /* No handle was made: nothing else will ever free this connection. */
    release_connection(call->connection);
    free(call->connection);
  }
  if (status != napi_ok) {
    napi_value message;
    napi_create_string_utf8(env, "PC/SC call was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &value);
    napi_reject_deferred(env, call->deferred, value);
  } else if (call->result != SCARD_S_SUCCESS) {
    napi_reject_deferred(env, call->deferred, pcsc_error(env, call->function, call->result));
  } else {
    switch (call->operation) {
      case OP_CONNECT: {
        napi_value handle, protocol;
        napi_create_object(env, &value);
        napi_create_external(env, call->connection, finalize_connection, NULL, &handle);
        napi_create_uint32(env, (uint32_t)call->connection->protocol, &protocol);
        napi_set_named_property(env, value, "handle", handle);
        napi_set_named_property(env, value, "protocol", protocol);
        napi_set_named_property(env, value, "atr", copy_buffer(env, call->atr, call->atr_length));
        break;
      }
      case OP_TRANSMIT:
      case OP_CONTROL:
        value = copy_buffer(env, call->output, call->output_length);
        break;
      default:
        napi_get_undefined(env, &value);
    }
    napi_resolve_deferred(env, call->deferred, value);
  }
  free_call(env, call);
}

static int read_uint32(napi_env env, napi_value value, DWORD *out) {
  uint32_t number;
  if (napi_get_value_uint32(env, value, &number) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a number");
    return 0;
  }
  *out = (DWORD)number;
  return 1;
}

static int read_bytes(napi_env env, napi_value value, Call *call) {
  bool is_buffer = false;
  void *bytes = NULL;
  size_t length = 0;
  if (napi_is_buffer(env, value, &is_buffer) != napi_ok || !is_buffer || napi_get_buffer_info(env, value, &bytes, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a Buffer");
    return 0;
  }
  if (length > COMMAND_MAX) {
    napi_throw_range_error(env, NULL, "command too long");
    return 0;
  }
  /* A copy: the JavaScript buffer may change or be collected while the call runs. */
  call->input = (unsigned char *)malloc(length > 0 ? length : 1);
  if (!call->input) {
    napi_throw_error(env, NULL, "out of memory");
    return 0;
  }
  memcpy(call->input, bytes, length);
  call->input_length = (DWORD)length;
  return 1;
}

/* A new call, or NULL with an exception pending. */
static Call *new_call(napi_env env, Operation operation) {
  Call *call = (Call *)calloc(1, sizeof(Call));
  if (!call) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  call->operation = operation;
  return call;
}

/* Takes the connection behind a handle argument; throws on anything else or a closed connection. */
static int take_connection(napi_env env, napi_value handle, Call *call) {
  napi_valuetype type;
  void *data = NULL;
  if (napi_typeof(env, handle, &type) != napi_ok || type != napi_external || napi_get_value_external(env, handle, &data) != napi_ok || !data) {
    napi_throw_type_error(env, NULL, "expected a card handle");
    return 0;
  }
  call->connection = (Connection *)data;
  if (!call->connection->open) {
    napi_value error = pcsc_error(env, "card handle", (LONG)SCARD_E_INVALID_HANDLE);
    napi_throw(env, error);
    return 0;
  }
  return napi_create_reference(env, handle, 1, &call->owner) == napi_ok;
}

/* For connect: the reader's name, and the connection the call will open there. */
static int read_reader_and_open_connection(napi_env env, napi_value value, Call *call) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, NULL, 0, &length) != napi_ok || length == 0 || length >= READER_NAME_MAX) {
    napi_throw_type_error(env, NULL, "expected a reader name");
    return 0;
  }
  call->reader = (char *)malloc(length + 1);
  call->connection = (Connection *)calloc(1, sizeof(Connection));
  if (!call->reader || !call->connection) {
    napi_throw_error(env, NULL, "out of memory");
    return 0;
  }
  napi_get_value_string_utf8(env, value, call->reader, length + 1, &length);
  return 1;
}

/* For a call that answers with bytes: a buffer of `size` for them. */
static int make_output(napi_env env, Call *call, size_t size) {
  call->output = (unsigned char *)malloc(size);
  if (!call->output) {
    napi_throw_error(env, NULL, "out of memory");
    return 0;
  }
  return 1;
}

/* Reads the arguments of the call's operation into it; on a wrong one throws and answers 0. */
static int read_call_arguments(napi_env env, Call *call, napi_value *argv) {
  switch (call->operation) {
    case OP_CONNECT:
      return read_reader_and_open_connection(env, argv[0], call) && read_uint32(env, argv[1], &call->share) && read_uint32(env, argv[2], &call->protocols);
    case OP_TRANSMIT:
      return take_connection(env, argv[0], call) && read_bytes(env, argv[1], call) && make_output(env, call, RESPONSE_MAX);
    case OP_CONTROL:
      return take_connection(env, argv[0], call) && read_uint32(env, argv[1], &call->control_code) && read_bytes(env, argv[2], call) &&
             make_output(env, call, CONTROL_MAX);
    case OP_BEGIN:
      return take_connection(env, argv[0], call);
    case OP_END:
      return take_connection(env, argv[0], call) && read_uint32(env, argv[1], &call->disposition);
    case OP_DISCONNECT:
      if (!take_connection(env, argv[0], call) || !read_uint32(env, argv[1], &call->disposition)) return 0;
      /* Marked closed now: no call queued after a disconnect may reach the released handle. */
      call->connection->open = 0;
      return 1;
  }
  return 0;
}

/* Frees a call that never ran (its exception is already thrown) and answers NULL. */
static napi_value fail(napi_env env, Call *call) {
  if (call->operation == OP_CONNECT) free(call->connection);
  free_call(env, call);
  return NULL;
}

/* The functions this module exports, each one operation. */
typedef struct {
  const char *name;
  Operation operation;
  size_t arguments;
} Export;

#define ARGUMENTS_MAX 3
static const Export EXPORTS[] = {
  /* connect(reader: string, share: number, protocols: number) → Promise<{ handle, protocol, atr }> */
  { "connect", OP_CONNECT, 3 },
  /* transmit(handle, command: Buffer) → Promise<Buffer> (response data and status word) */
  { "transmit", OP_TRANSMIT, 2 },
  /* control(handle, code: number, data: Buffer) → Promise<Buffer> */
  { "control", OP_CONTROL, 3 },
  /* beginTransaction(handle) → Promise<void>; waits while another handle holds the card. */
  { "beginTransaction", OP_BEGIN, 1 },
  /* endTransaction(handle, disposition) / disconnect(handle, disposition) → Promise<void> */
  { "endTransaction", OP_END, 2 },
  { "disconnect", OP_DISCONNECT, 2 },
};

/* Every exported function: checks its arguments, starts the call on the thread pool and returns its
   promise; throws (and frees the call) when the arguments are wrong or the call cannot start. */
static napi_value js_call(napi_env env, napi_callback_info info) {
  napi_value argv[ARGUMENTS_MAX];
  size_t argc = ARGUMENTS_MAX;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != napi_ok || !data) {
    napi_throw_error(env, NULL, "could not read the arguments");
    return NULL;
  }
  const Export *entry = (const Export *)data;
  if (argc < entry->arguments) {
    napi_throw_type_error(env, NULL, "missing arguments");
    return NULL;
  }
  Call *call = new_call(env, entry->operation);
  if (!call) return NULL;
  if (!read_call_arguments(env, call, argv)) return fail(env, call);
  napi_value promise, name;
  napi_create_string_utf8(env, "eid-card-handle", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &call->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, NULL, name, execute, complete, call, &call->work) != napi_ok ||
      napi_queue_async_work(env, call->work) != napi_ok) {
    napi_throw_error(env, NULL, "could not start the PC/SC call");
    return fail(env, call);
  }
  return promise;
}

static void set_number(napi_env env, napi_value target, const char *name, uint32_t number) {
  napi_value value;
  napi_create_uint32(env, number, &value);
  napi_set_named_property(env, target, name, value);
}

static napi_value init(napi_env env, napi_value exports) {
  for (size_t i = 0; i < sizeof EXPORTS / sizeof EXPORTS[0]; i++) {
    napi_value function;
    napi_create_function(env, EXPORTS[i].name, NAPI_AUTO_LENGTH, js_call, (void *)&EXPORTS[i], &function);
    napi_set_named_property(env, exports, EXPORTS[i].name, function);
  }
  set_number(env, exports, "SCARD_SHARE_SHARED", SCARD_SHARE_SHARED);
  set_number(env, exports, "SCARD_SHARE_EXCLUSIVE", SCARD_SHARE_EXCLUSIVE);
  set_number(env, exports, "SCARD_PROTOCOL_T0", SCARD_PROTOCOL_T0);
  set_number(env, exports, "SCARD_PROTOCOL_T1", SCARD_PROTOCOL_T1);
  set_number(env, exports, "SCARD_LEAVE_CARD", SCARD_LEAVE_CARD);
  set_number(env, exports, "SCARD_RESET_CARD", SCARD_RESET_CARD);
  set_number(env, exports, "SCARD_UNPOWER_CARD", SCARD_UNPOWER_CARD);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
