/* The tracer's step, compiled: the optional accelerator of visualizer.core.trace_hooks.
 *
 * Why: a traced task step in pure Python costs a Python frame for the wrapper's send, attribute
 * reads for its state and an exception object when the task ends; measured, that kept
 * tracer_overhead_ratio above its bar (docs/TRACER.md). This type does exactly what the pure-
 * Python PyStep.send does (same records, same stack keys, same fall-backs into Python for the
 * rare cases), and gives asyncio's C Task an am_send slot, so a step enters no Python frame of
 * the tracer and a finished task raises no StopIteration. Everything else of the wrapper stays
 * in Python (trace_hooks.TracedCoroutine subclasses this type). Building it is optional: without
 * a compiler, or with VISUALIZER_PURE_TRACER=1, the pure-Python step runs and passes the same
 * tests.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>
#include <structmember.h>

/* attribute names and record kinds, interned once */
static PyObject *s_current, *s_steps, *s_on_step, *s_intern, *s_records, *s_clock, *s_stack_ids;
static PyObject *s_cr_code, *s_cr_frame, *s_cr_await, *s_gi_frame, *s_gi_yieldfrom;
static PyObject *s_f_locals, *s_get, *s_delay, *s_ended, *s_task_name;
static PyObject *k_resumed, *k_started, *k_suspended, *k_yield, *k_ready, *k_sleep, *k_finished;
static PyObject *one;

/* set by configure() from trace_hooks */
static PyObject *g_sleep_code, *g_sleep_timer, *g_classify, *g_actor_of, *g_suspended,
    *g_has_frames;

typedef struct {
    PyObject_HEAD
    PyObject *coro;
    PyObject *sink;
    PyObject *actor;
    PyObject *name;
    PyObject *cause;
    PyObject *records; /* sink.records, sink.clock, sink.stack_ids: fixed for a sink's life */
    PyObject *clock;
    PyObject *stack_ids;
    char started;
    PyObject *weakreflist;
} Step;

static int
add(PyObject *records, PyObject **items, Py_ssize_t n)
{
    /* no Python code runs between the appends: a reader sees whole records (the GIL) */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_Append(records, items[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
on_step(PyObject *sink)
{
    PyObject *cb = PyObject_GetAttr(sink, s_on_step);
    if (cb == NULL) {
        return -1;
    }
    if (cb != Py_None) {
        PyObject *r = PyObject_CallNoArgs(cb);
        Py_DECREF(cb);
        if (r == NULL) {
            return -1;
        }
        Py_DECREF(r);
        return 0;
    }
    Py_DECREF(cb);
    return 0;
}

static int
set_current(PyObject *sink, PyObject *value)
{
    return PyObject_SetAttr(sink, s_current, value);
}

/* One frame's part of a stack key: its code object's address and where it stopped. */
static int
append_position(PyObject *key_list, void *code, long offset)
{
    PyObject *id = PyLong_FromVoidPtr(code), *at = PyLong_FromLong(offset);
    int bad = id == NULL || at == NULL || PyList_Append(key_list, id) < 0 ||
              PyList_Append(key_list, at) < 0;
    Py_XDECREF(id);
    Py_XDECREF(at);
    return bad ? -1 : 0;
}

/* What _suspended does: the stack key, its interned entry and the wait, as one record. */
static int
suspended(Step *self, PyObject *yielded)
{
    int rc = -1;
    PyObject *now = NULL;
    PyObject *key_list = PyList_New(0), *key = NULL, *entry = NULL;
    PyObject *innermost = NULL, *sleeper = NULL;
    PyObject *obj = self->coro;
    Py_INCREF(obj);
    int fallback = 0;
    if (key_list == NULL) {
        goto done;
    }
    while (obj != Py_None) {
        PyObject *frame, *next;
        if (PyCoro_CheckExact(obj)) {
            PyObject *code = PyObject_GetAttr(obj, s_cr_code);
            if (code == NULL) {
                goto done;
            }
            if (code == g_sleep_code) { /* never made into a frame object: see trace_hooks */
                next = PyObject_GetAttr(obj, s_cr_await);
                if (next == NULL) {
                    Py_DECREF(code);
                    goto done;
                }
                long offset = PyGen_CheckExact(next) ? -2 : -1;
                if (offset == -1) {
                    sleeper = obj;
                    Py_INCREF(sleeper);
                }
                Py_DECREF(next);
                int bad = append_position(key_list, code, offset) < 0;
                Py_DECREF(code);
                if (bad) {
                    goto done;
                }
                break;
            }
            Py_DECREF(code);
            frame = PyObject_GetAttr(obj, s_cr_frame);
            next = frame ? PyObject_GetAttr(obj, s_cr_await) : NULL;
        }
        else if (PyGen_CheckExact(obj)) {
            frame = PyObject_GetAttr(obj, s_gi_frame);
            next = frame ? PyObject_GetAttr(obj, s_gi_yieldfrom) : NULL;
        }
        else { /* a coroutine-like of another kind goes the Python way; else the chain ends */
            PyObject *framed = PyObject_CallOneArg(g_has_frames, (PyObject *)Py_TYPE(obj));
            if (framed == NULL) {
                goto done;
            }
            fallback = PyObject_IsTrue(framed);
            Py_DECREF(framed);
            if (fallback < 0) {
                goto done;
            }
            break;
        }
        if (frame == NULL || next == NULL) {
            Py_XDECREF(frame);
            goto done;
        }
        Py_SETREF(obj, next);
        if (frame == Py_None) {
            Py_DECREF(frame);
            break;
        }
        PyCodeObject *code = PyFrame_GetCode((PyFrameObject *)frame);
        int bad = append_position(key_list, code, PyFrame_GetLasti((PyFrameObject *)frame)) < 0;
        Py_DECREF(code);
        Py_XSETREF(innermost, frame);
        if (bad) {
            goto done;
        }
    }
    if (fallback) {
        PyObject *r = PyObject_CallFunctionObjArgs(g_suspended, self->sink, self->actor,
                                                   self->coro, yielded, NULL);
        rc = r == NULL ? -1 : 0;
        Py_XDECREF(r);
        goto done;
    }
    if (on_step(self->sink) < 0 || (now = PyObject_CallNoArgs(self->clock)) == NULL) {
        goto done;
    }
    key = PyList_AsTuple(key_list);
    if (key == NULL) {
        goto done;
    }
    entry = PyDict_GetItemWithError(self->stack_ids, key);
    if (entry != NULL) {
        Py_INCREF(entry);
    }
    else if (PyErr_Occurred()) {
        goto done;
    }
    else {
        entry = PyObject_CallMethodObjArgs(self->sink, s_intern, key, self->coro, NULL);
        if (entry == NULL) {
            goto done;
        }
    }
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) < 3) {
        PyErr_SetString(PyExc_TypeError, "a stack entry is (id, kind, api)");
        goto done;
    }
    PyObject *sid = PyTuple_GET_ITEM(entry, 0);
    if (yielded == Py_None) { /* a bare yield: the task queues its next step itself, now */
        PyObject *items[] = {now, k_suspended, self->actor, sid, k_yield, Py_None, Py_None,
                             now, k_ready, self->actor};
        rc = add(self->records, items, 10);
    }
    else if (sleeper != NULL) {
        PyObject *delay;
        PyObject *seen = PyList_GetItem(g_sleep_timer, 0);
        if (seen == NULL) {
            goto done;
        }
        if (PyLong_AsVoidPtr(seen) == (void *)yielded) {
            delay = PyList_GetItem(g_sleep_timer, 1);
            if (delay == NULL) {
                goto done;
            }
            Py_INCREF(delay);
        }
        else { /* a call_later the hook did not see: read the sleep's own local */
            PyErr_Clear();
            PyObject *frame = PyObject_GetAttr(sleeper, s_cr_frame);
            PyObject *locals = frame ? PyObject_GetAttr(frame, s_f_locals) : NULL;
            Py_XDECREF(frame);
            delay = locals ? PyObject_CallMethodOneArg(locals, s_get, s_delay) : NULL;
            Py_XDECREF(locals);
            if (delay == NULL) {
                goto done;
            }
        }
        PyObject *items[] = {now, k_suspended, self->actor, sid, k_sleep, delay, Py_None};
        rc = add(self->records, items, 7);
        Py_DECREF(delay);
    }
    else {
        PyObject *wait = PyObject_CallFunctionObjArgs(
            g_classify, yielded, PyTuple_GET_ITEM(entry, 1), PyTuple_GET_ITEM(entry, 2),
            self->coro, innermost ? innermost : Py_None, g_actor_of, NULL);
        if (wait == NULL) {
            goto done;
        }
        if (!PyTuple_Check(wait) || PyTuple_GET_SIZE(wait) != 3) {
            Py_DECREF(wait);
            PyErr_SetString(PyExc_TypeError, "classify gives (kind, a, b)");
            goto done;
        }
        PyObject *items[] = {now,
                             k_suspended,
                             self->actor,
                             sid,
                             PyTuple_GET_ITEM(wait, 0),
                             PyTuple_GET_ITEM(wait, 1),
                             PyTuple_GET_ITEM(wait, 2)};
        rc = add(self->records, items, 7);
        Py_DECREF(wait);
    }
done:
    Py_XDECREF(now);
    Py_XDECREF(key_list);
    Py_XDECREF(key);
    Py_XDECREF(entry);
    Py_XDECREF(innermost);
    Py_XDECREF(sleeper);
    Py_XDECREF(obj);
    return rc;
}

static int
count_step(PyObject *sink)
{
    PyObject *steps = PyObject_GetAttr(sink, s_steps);
    if (steps == NULL) {
        return -1;
    }
    PyObject *more = PyNumber_Add(steps, one);
    Py_DECREF(steps);
    if (more == NULL) {
        return -1;
    }
    int rc = PyObject_SetAttr(sink, s_steps, more);
    Py_DECREF(more);
    return rc;
}

static PySendResult
step_am_send(Step *self, PyObject *arg, PyObject **presult)
{
    *presult = NULL;
    PyObject *now = PyObject_CallNoArgs(self->clock);
    if (now == NULL) {
        return PYGEN_ERROR;
    }
    int bad;
    if (self->started) {
        PyObject *items[] = {now, k_resumed, self->actor};
        bad = add(self->records, items, 3);
    }
    else {
        self->started = 1;
        PyObject *name = PyObject_CallMethodNoArgs((PyObject *)self, s_task_name);
        if (name == NULL) {
            Py_DECREF(now);
            return PYGEN_ERROR;
        }
        PyObject *items[] = {now, k_started, self->actor, name};
        bad = add(self->records, items, 4);
        Py_DECREF(name);
    }
    Py_DECREF(now);
    if (bad) {
        return PYGEN_ERROR;
    }
    PyObject *sink = self->sink;
    PyObject *outer = PyObject_GetAttr(sink, s_current);
    if (outer == NULL || set_current(sink, self->actor) < 0 || count_step(sink) < 0) {
        Py_XDECREF(outer);
        return PYGEN_ERROR;
    }
    PyObject *result = NULL;
    PySendResult status = PyIter_Send(self->coro, arg, &result);
    if (status == PYGEN_ERROR) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        if (tb != NULL) {
            PyException_SetTraceback(value, tb);
        }
        int failed = set_current(sink, outer) < 0;
        Py_DECREF(outer);
        PyObject *r = failed ? NULL
                             : PyObject_CallMethodOneArg((PyObject *)self, s_ended, value);
        if (r == NULL) { /* the tracer's own failure wins, as it would in Python */
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
            return PYGEN_ERROR;
        }
        Py_DECREF(r);
        PyErr_Restore(type, value, tb);
        return PYGEN_ERROR;
    }
    int failed = set_current(sink, outer) < 0;
    Py_DECREF(outer);
    if (failed) {
        Py_DECREF(result);
        return PYGEN_ERROR;
    }
    if (status == PYGEN_RETURN) {
        PyObject *t = on_step(sink) < 0 ? NULL : PyObject_CallNoArgs(self->clock);
        if (t == NULL) {
            Py_DECREF(result);
            return PYGEN_ERROR;
        }
        PyObject *items[] = {t, k_finished, self->actor};
        bad = add(self->records, items, 3);
        Py_DECREF(t);
        if (bad) {
            Py_DECREF(result);
            return PYGEN_ERROR;
        }
        *presult = result;
        return PYGEN_RETURN;
    }
    if (suspended(self, result) < 0) {
        Py_DECREF(result);
        return PYGEN_ERROR;
    }
    *presult = result;
    return PYGEN_NEXT;
}

static PyObject *
step_send(Step *self, PyObject *arg)
{
    PyObject *result;
    PySendResult status = step_am_send(self, arg, &result);
    if (status == PYGEN_NEXT) {
        return result;
    }
    if (status == PYGEN_RETURN) {
        if (result == Py_None) {
            PyErr_SetNone(PyExc_StopIteration);
        }
        else {
            PyObject *stop = PyObject_CallOneArg(PyExc_StopIteration, result);
            if (stop != NULL) {
                PyErr_SetObject(PyExc_StopIteration, stop);
                Py_DECREF(stop);
            }
        }
        Py_DECREF(result);
    }
    return NULL;
}

static int
step_init(Step *self, PyObject *args, PyObject *kwds)
{
    PyObject *coro, *sink, *actor, *name;
    if (kwds != NULL && PyDict_GET_SIZE(kwds)) {
        PyErr_SetString(PyExc_TypeError, "Step takes positional arguments only");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OOOO:Step", &coro, &sink, &actor, &name)) {
        return -1;
    }
    PyObject *records = PyObject_GetAttr(sink, s_records);
    PyObject *clock = records ? PyObject_GetAttr(sink, s_clock) : NULL;
    PyObject *stack_ids = clock ? PyObject_GetAttr(sink, s_stack_ids) : NULL;
    if (stack_ids == NULL || !PyList_Check(records) || !PyDict_Check(stack_ids)) {
        if (stack_ids != NULL) {
            PyErr_SetString(PyExc_TypeError, "a sink has a records list and a stack_ids dict");
        }
        Py_XDECREF(records);
        Py_XDECREF(clock);
        Py_XDECREF(stack_ids);
        return -1;
    }
    Py_INCREF(coro);
    Py_INCREF(sink);
    Py_INCREF(actor);
    Py_INCREF(name);
    Py_INCREF(Py_None);
    Py_XSETREF(self->coro, coro);
    Py_XSETREF(self->sink, sink);
    Py_XSETREF(self->actor, actor);
    Py_XSETREF(self->name, name);
    Py_XSETREF(self->cause, Py_None);
    Py_XSETREF(self->records, records);
    Py_XSETREF(self->clock, clock);
    Py_XSETREF(self->stack_ids, stack_ids);
    self->started = 0;
    return 0;
}

static int
step_traverse(Step *self, visitproc visit, void *arg)
{
    Py_VISIT(self->coro);
    Py_VISIT(self->sink);
    Py_VISIT(self->actor);
    Py_VISIT(self->name);
    Py_VISIT(self->cause);
    Py_VISIT(self->records);
    Py_VISIT(self->clock);
    Py_VISIT(self->stack_ids);
    return 0;
}

static int
step_clear(Step *self)
{
    Py_CLEAR(self->coro);
    Py_CLEAR(self->sink);
    Py_CLEAR(self->actor);
    Py_CLEAR(self->name);
    Py_CLEAR(self->cause);
    Py_CLEAR(self->records);
    Py_CLEAR(self->clock);
    Py_CLEAR(self->stack_ids);
    return 0;
}

static void
step_dealloc(Step *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    step_clear(self);
    /* a Python subclass's own dealloc gives its type's reference back (a static base does not) */
    type->tp_free((PyObject *)self);
}

static PyObject *
configure(PyObject *module, PyObject *args)
{
    PyObject *sleep_code, *sleep_timer, *classify, *actor_of, *fallback, *has_frames;
    if (!PyArg_ParseTuple(args, "OO!OOOO:configure", &sleep_code, &PyList_Type, &sleep_timer,
                          &classify, &actor_of, &fallback, &has_frames)) {
        return NULL;
    }
    if (PyList_GET_SIZE(sleep_timer) < 2) {
        PyErr_SetString(PyExc_ValueError, "the sleep timer list holds (id, delay)");
        return NULL;
    }
    Py_INCREF(sleep_code);
    Py_INCREF(sleep_timer);
    Py_INCREF(classify);
    Py_INCREF(actor_of);
    Py_INCREF(fallback);
    Py_INCREF(has_frames);
    Py_XSETREF(g_sleep_code, sleep_code);
    Py_XSETREF(g_sleep_timer, sleep_timer);
    Py_XSETREF(g_classify, classify);
    Py_XSETREF(g_actor_of, actor_of);
    Py_XSETREF(g_suspended, fallback);
    Py_XSETREF(g_has_frames, has_frames);
    Py_RETURN_NONE;
}

static PyMemberDef step_members[] = {
    {"_coro", T_OBJECT_EX, offsetof(Step, coro), READONLY, NULL},
    {"_sink", T_OBJECT_EX, offsetof(Step, sink), READONLY, NULL},
    {"_actor", T_OBJECT_EX, offsetof(Step, actor), READONLY, NULL},
    {"_name", T_OBJECT, offsetof(Step, name), 0, NULL},
    {"_cause", T_OBJECT, offsetof(Step, cause), 0, NULL},
    {"_started", T_BOOL, offsetof(Step, started), 0, NULL},
    {NULL},
};

static PyMethodDef step_methods[] = {
    {"send", (PyCFunction)step_send, METH_O, "One step of the task, recorded."},
    {NULL},
};

static PyAsyncMethods step_as_async = {
    .am_send = (sendfunc)step_am_send,
};

static PyTypeObject StepType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "visualizer.core._step.Step",
    .tp_basicsize = sizeof(Step),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)step_init,
    .tp_dealloc = (destructor)step_dealloc,
    .tp_free = PyObject_GC_Del,
    .tp_traverse = (traverseproc)step_traverse,
    .tp_clear = (inquiry)step_clear,
    .tp_members = step_members,
    .tp_methods = step_methods,
    .tp_as_async = &step_as_async,
    .tp_weaklistoffset = offsetof(Step, weakreflist),
};

static PyMethodDef module_methods[] = {
    {"configure", configure, METH_VARARGS, "Hand the compiled step trace_hooks' helpers."},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "visualizer.core._step", NULL, -1, module_methods,
};

#define INTERN(var, text)                                                                     \
    if ((var = PyUnicode_InternFromString(text)) == NULL) {                                   \
        return NULL;                                                                          \
    }

PyMODINIT_FUNC
PyInit__step(void)
{
    INTERN(s_current, "current");
    INTERN(s_steps, "steps");
    INTERN(s_on_step, "on_step");
    INTERN(s_intern, "intern");
    INTERN(s_records, "records");
    INTERN(s_clock, "clock");
    INTERN(s_stack_ids, "stack_ids");
    INTERN(s_cr_code, "cr_code");
    INTERN(s_cr_frame, "cr_frame");
    INTERN(s_cr_await, "cr_await");
    INTERN(s_gi_frame, "gi_frame");
    INTERN(s_gi_yieldfrom, "gi_yieldfrom");
    INTERN(s_f_locals, "f_locals");
    INTERN(s_get, "get");
    INTERN(s_delay, "delay");
    INTERN(s_ended, "_ended");
    INTERN(s_task_name, "_task_name");
    INTERN(k_resumed, "resumed");
    INTERN(k_started, "started");
    INTERN(k_suspended, "suspended");
    INTERN(k_yield, "yield");
    INTERN(k_ready, "ready");
    INTERN(k_sleep, "sleep");
    INTERN(k_finished, "finished");
    if ((one = PyLong_FromLong(1)) == NULL) {
        return NULL;
    }
    if (PyType_Ready(&StepType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&StepType);
    if (PyModule_AddObject(module, "Step", (PyObject *)&StepType) < 0) {
        Py_DECREF(&StepType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
