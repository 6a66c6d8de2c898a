"""A multimodal classifier in the style of mmf / lightning-flash / torchmultimodal data plumbing, where forward() accepts whatever the dataloader produced and normalizes it by duck typing: a Mapping, a namedtuple (detected with hasattr(batch, '_asdict') before the tuple check, since a namedtuple is also a tuple), a plain tuple/list zipped with the encoder names, a bare tensor for the first modality, or any object with a __dict__ (SimpleNamespace). Encoders are built from spec dicts by name through an ENCODERS table and kept in EncoderBank, an nn.Module container with __getitem__ (by key or int position), __len__, __iter__, __contains__ and keys(), plus an out_features property that collects each encoder's own out_features property. Fusion is chosen by string: 'concat' sums the encoders' widths into the head's in_features, 'sum' projects every modality through an nn.ModuleDict of Linear layers to a common width, 'gated' adds a sigmoid gate computed from the concatenation. Adapters turn positional tensors into a dict (out of encoder order), a namedtuple, or a SimpleNamespace before calling the model."""
from collections import namedtuple
from collections.abc import Mapping
from types import SimpleNamespace

import torch
import torch.nn as nn


class ImageEncoder(nn.Module):
    def __init__(self, in_chans=3, widths=(16, 32, 64)):
        super().__init__()
        layers = []
        c = in_chans
        for w in widths:
            layers += [nn.Conv2d(c, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU(inplace=True),
                       nn.MaxPool2d(2)]
            c = w
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self._out_features = c

    @property
    def out_features(self):
        return self._out_features

    def forward(self, x):
        return self.pool(self.features(x)).flatten(1)


class TabularEncoder(nn.Module):
    def __init__(self, in_features, hidden=(32, 32), dropout=0.1):
        super().__init__()
        layers = [nn.BatchNorm1d(in_features)]
        d = in_features
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            d = h
        self.mlp = nn.Sequential(*layers)
        self._out_features = d

    @property
    def out_features(self):
        return self._out_features

    def forward(self, x):
        if x.dim() > 2:
            x = x.flatten(1)
        return self.mlp(x)


class SignalEncoder(nn.Module):
    def __init__(self, in_chans, channels=(16, 32), kernel_size=5):
        super().__init__()
        convs = []
        c = in_chans
        for out in channels:
            convs.append(nn.Sequential(
                nn.Conv1d(c, out, kernel_size, padding=kernel_size // 2),
                nn.BatchNorm1d(out),
                nn.GELU(),
                nn.MaxPool1d(2),
            ))
            c = out
        self.convs = nn.ModuleList(convs)
        self._out_features = 2 * c

    @property
    def out_features(self):
        return self._out_features

    def forward(self, x):
        for conv in self.convs:
            x = conv(x)
        return torch.cat([x.mean(-1), x.amax(-1)], dim=1)


ENCODERS = {'image': ImageEncoder, 'tabular': TabularEncoder, 'signal': SignalEncoder}


class EncoderBank(nn.Module):
    """Named encoders, indexable by modality name or by position."""

    def __init__(self, specs):
        super().__init__()
        self._keys = []
        for key, spec in specs.items():
            spec = dict(spec)
            encoder_cls = ENCODERS[spec.pop('type')]
            self.add_module(key, encoder_cls(**spec))
            self._keys.append(key)

    def __getitem__(self, key):
        if isinstance(key, int):
            key = self._keys[key]
        if key not in self._keys:
            raise KeyError(key)
        return self._modules[key]

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        return list(self._keys)

    @property
    def out_features(self):
        return {k: self[k].out_features for k in self}


class MultiModalNet(nn.Module):
    default_specs = {
        'image': dict(type='image', widths=(16, 32, 64)),
        'tabular': dict(type='tabular', in_features=12, hidden=(32, 32)),
    }

    def __init__(self, specs=None, num_classes=5, fusion='concat', fusion_dim=48, hidden=64):
        super().__init__()
        self.encoders = EncoderBank(specs or self.default_specs)
        self.fusion = fusion
        widths = self.encoders.out_features
        if fusion == 'concat':
            head_in = sum(widths.values())
        elif fusion == 'sum':
            self.proj = nn.ModuleDict({k: nn.Linear(c, fusion_dim) for k, c in widths.items()})
            head_in = fusion_dim
        elif fusion == 'gated':
            head_in = sum(widths.values())
            self.gate = nn.Sequential(nn.Linear(head_in, head_in), nn.Sigmoid())
        else:
            raise ValueError(f'unknown fusion {fusion!r}')
        self.head = nn.Sequential(
            nn.Linear(head_in, hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(0.2),
            nn.Linear(hidden, num_classes),
        )

    def _as_dict(self, batch):
        if isinstance(batch, Mapping):
            return dict(batch)
        if hasattr(batch, '_asdict'):  # namedtuple, before the tuple check
            return batch._asdict()
        if isinstance(batch, (tuple, list)):
            if len(batch) != len(self.encoders):
                raise ValueError(f'expected {len(self.encoders)} inputs, got {len(batch)}')
            return dict(zip(self.encoders.keys(), batch))
        if torch.is_tensor(batch):
            return {self.encoders.keys()[0]: batch}
        if hasattr(batch, '__dict__'):
            return {k: v for k, v in vars(batch).items() if k in self.encoders}
        raise TypeError(f'unsupported batch type {type(batch).__name__}')

    def forward(self, *inputs):
        batch = inputs[0] if len(inputs) == 1 else inputs
        batch = self._as_dict(batch)
        feats = {key: self.encoders[key](batch[key]) for key in self.encoders}
        if self.fusion == 'sum':
            fused = torch.stack([self.proj[k](v) for k, v in feats.items()], dim=0).sum(dim=0)
        else:
            fused = torch.cat([feats[k] for k in self.encoders], dim=1)
            if self.fusion == 'gated':
                fused = fused * self.gate(fused)
        return self.head(fused)


class DictBatchAdapter(nn.Module):
    def __init__(self, model, order):
        super().__init__()
        self.model = model
        self.order = tuple(order)

    def forward(self, *tensors):
        batch = {name: t for name, t in zip(self.order, tensors)}
        return self.model(batch)


SignalBatch = namedtuple('SignalBatch', ['tabular', 'signal'])


class NamedTupleAdapter(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, signal, tabular):
        return self.model(SignalBatch(tabular=tabular, signal=signal))


class NamespaceAdapter(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image, tabular):
        return self.model(SimpleNamespace(tabular=tabular, image=image, sample_id=None))


# shapelint: input=((2, 3, 32, 32), (2, 12))
class ImageTabularNet(MultiModalNet):
    def __init__(self):
        super().__init__(num_classes=5, fusion='concat')


# shapelint: input=(2, 3, 32, 32)
def image_only_net():
    return MultiModalNet(specs={'image': dict(type='image', widths=(8, 16, 32, 64))}, num_classes=10)


# shapelint: input=((2, 12), (2, 3, 32, 32), (2, 4, 64))
def three_modal_sum_fusion():
    specs = {
        'image': dict(type='image', widths=(16, 32)),
        'signal': dict(type='signal', in_chans=4, channels=(16, 32, 32)),
        'tabular': dict(type='tabular', in_features=12, hidden=(24,)),
    }
    model = MultiModalNet(specs=specs, num_classes=3, fusion='sum', fusion_dim=40)
    return DictBatchAdapter(model, order=('tabular', 'image', 'signal'))


# shapelint: input=((2, 6, 128), (2, 20))
def signal_tabular_gated():
    specs = {
        'signal': dict(type='signal', in_chans=6, channels=(16, 24), kernel_size=7),
        'tabular': dict(type='tabular', in_features=20, hidden=(32, 16)),
    }
    model = MultiModalNet(specs=specs, num_classes=4, fusion='gated', hidden=32)
    return NamedTupleAdapter(model)


# shapelint: input=((2, 3, 24, 24), (2, 12))
def namespace_batch_net():
    return NamespaceAdapter(MultiModalNet(num_classes=2))
