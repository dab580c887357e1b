"""The type stubs describe the module as built: same classes, members and
parameter names."""

import ast
import inspect

import dreamdb
from conftest import ROOT

STUB = ast.parse((ROOT / "python/dreamdb/_dreamdb.pyi").read_text())


def stub_class(name: str) -> dict[str, ast.FunctionDef]:
    cls = next(n for n in STUB.body if isinstance(n, ast.ClassDef) and n.name == name)
    return {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}


def params(f: ast.FunctionDef) -> list[str]:
    a = f.args
    return [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg != "self"]


def test_every_class_and_exception_is_in_the_stubs():
    stubbed = {n.name for n in STUB.body if isinstance(n, ast.ClassDef)}
    exported = {n for n in dreamdb.__all__ if isinstance(getattr(dreamdb, n), type)}
    assert exported <= stubbed
    for name in exported:
        if issubclass(getattr(dreamdb, name), Exception) and name != "DreamdbError":
            assert issubclass(getattr(dreamdb, name), dreamdb.DreamdbError), name


def test_members_and_parameters_match_the_stubs():
    for cls in (dreamdb.Memory, dreamdb.Entry, dreamdb.Hit):
        stub = stub_class(cls.__name__)
        public = {n for n in dir(cls) if not n.startswith("_")}
        assert public == {n for n in stub if not n.startswith("_")}, cls.__name__
        for name in public:
            member = inspect.getattr_static(cls, name)
            if inspect.isgetsetdescriptor(member):
                assert any(isinstance(d, ast.Name) and d.id == "property" for d in stub[name].decorator_list), name
                continue
            runtime = [p for p in inspect.signature(member).parameters if p != "self"]
            assert runtime == params(stub[name]), f"{cls.__name__}.{name}"
    init = [p for p in inspect.signature(dreamdb.Memory).parameters]
    assert init == params(stub_class("Memory")["__init__"])
