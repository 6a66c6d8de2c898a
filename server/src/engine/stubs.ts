/**
 * Library code that model files import and that is easiest to describe in Python itself:
 * torchvision's building blocks (`Conv2dNormActivation`, `SqueezeExcitation`, `MLP`, …)
 * and the helpers of torchvision's model files (`_make_divisible`, weights enums).
 *
 * The stubs mirror torchvision 0.14's definitions and run in the same interpreter, so a
 * block's parameters are the sum of the layers it builds. They run as library code: the
 * layers they build get no construction site, only the block does, as with PyTorch.
 */
import { parsePython } from '../syntax/lower';
import { TORCHVISION_MODELS } from './torchvisionModels';
import { CONVNEXT, DENSENET, EFFICIENTNET, MOBILENET_V3, VISION_TRANSFORMER } from './torchvisionMoreModels';
import type { Interpreter } from './interpreter';
import { newScope, type Scope, type Value } from './values';

const TORCHVISION_OPS = `
import torch
from torch import nn

def _make_ntuple(x, n):
    if isinstance(x, (tuple, list)):
        return tuple(x)
    return tuple([x] * n)

class ConvNormActivation(torch.nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1,
                 norm_layer=torch.nn.BatchNorm2d, activation_layer=torch.nn.ReLU, dilation=1, inplace=True,
                 bias=None, conv_layer=torch.nn.Conv2d):
        if padding is None:
            if isinstance(kernel_size, int) and isinstance(dilation, int):
                padding = (kernel_size - 1) // 2 * dilation
            else:
                _conv_dim = len(kernel_size) if isinstance(kernel_size, (tuple, list)) else len(dilation)
                kernel_size = _make_ntuple(kernel_size, _conv_dim)
                dilation = _make_ntuple(dilation, _conv_dim)
                padding = tuple((kernel_size[i] - 1) // 2 * dilation[i] for i in range(_conv_dim))
        if bias is None:
            bias = norm_layer is None
        layers = [conv_layer(in_channels, out_channels, kernel_size, stride, padding, dilation=dilation, groups=groups, bias=bias)]
        if norm_layer is not None:
            layers.append(norm_layer(out_channels))
        if activation_layer is not None:
            params = {} if inplace is None else {"inplace": inplace}
            layers.append(activation_layer(**params))
        super().__init__(*layers)
        self.out_channels = out_channels

class Conv2dNormActivation(ConvNormActivation):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1,
                 norm_layer=torch.nn.BatchNorm2d, activation_layer=torch.nn.ReLU, dilation=1, inplace=True, bias=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, groups, norm_layer,
                         activation_layer, dilation, inplace, bias, torch.nn.Conv2d)

class Conv3dNormActivation(ConvNormActivation):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1,
                 norm_layer=torch.nn.BatchNorm3d, activation_layer=torch.nn.ReLU, dilation=1, inplace=True, bias=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, groups, norm_layer,
                         activation_layer, dilation, inplace, bias, torch.nn.Conv3d)

class SqueezeExcitation(torch.nn.Module):
    def __init__(self, input_channels, squeeze_channels, activation=torch.nn.ReLU, scale_activation=torch.nn.Sigmoid):
        super().__init__()
        self.avgpool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc1 = torch.nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = torch.nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = activation()
        self.scale_activation = scale_activation()

    def _scale(self, input):
        scale = self.avgpool(input)
        scale = self.fc1(scale)
        scale = self.activation(scale)
        scale = self.fc2(scale)
        return self.scale_activation(scale)

    def forward(self, input):
        scale = self._scale(input)
        return scale * input

class MLP(torch.nn.Sequential):
    def __init__(self, in_channels, hidden_channels, norm_layer=None, activation_layer=torch.nn.ReLU,
                 inplace=None, bias=True, dropout=0.0):
        params = {} if inplace is None else {"inplace": inplace}
        layers = []
        in_dim = in_channels
        for hidden_dim in hidden_channels[:-1]:
            layers.append(torch.nn.Linear(in_dim, hidden_dim, bias=bias))
            if norm_layer is not None:
                layers.append(norm_layer(hidden_dim))
            layers.append(activation_layer(**params))
            layers.append(torch.nn.Dropout(dropout, **params))
            in_dim = hidden_dim
        layers.append(torch.nn.Linear(in_dim, hidden_channels[-1], bias=bias))
        layers.append(torch.nn.Dropout(dropout, **params))
        super().__init__(*layers)

class Permute(torch.nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return torch.permute(x, self.dims)

class StochasticDepth(torch.nn.Module):
    def __init__(self, p, mode):
        super().__init__()
        self.p = p
        self.mode = mode

    def forward(self, input):
        return input

def stochastic_depth(input, p, mode, training=True):
    return input

class FrozenBatchNorm2d(torch.nn.Module):
    def __init__(self, num_features, eps=1e-5):
        super().__init__()
`;

/** `torchvision.models` itself: the factories and classes of the model modules above. */
const TORCHVISION_MODELS_PACKAGE = `
from torchvision.models.resnet import ResNet, BasicBlock, Bottleneck, resnet18, resnet34, resnet50, resnet101, resnet152, resnext50_32x4d, resnext101_32x8d, resnext101_64x4d, wide_resnet50_2, wide_resnet101_2
from torchvision.models.alexnet import AlexNet, alexnet
from torchvision.models.vgg import VGG, vgg11, vgg11_bn, vgg13, vgg13_bn, vgg16, vgg16_bn, vgg19, vgg19_bn
from torchvision.models.mobilenetv2 import MobileNetV2, mobilenet_v2
from torchvision.models.squeezenet import SqueezeNet, squeezenet1_0, squeezenet1_1
from torchvision.models.densenet import DenseNet, densenet121, densenet161, densenet169, densenet201
from torchvision.models.mobilenetv3 import MobileNetV3, mobilenet_v3_large, mobilenet_v3_small
from torchvision.models.efficientnet import EfficientNet, efficientnet_b0, efficientnet_b1, efficientnet_b2, efficientnet_b3, efficientnet_b4, efficientnet_b5, efficientnet_b6, efficientnet_b7, efficientnet_v2_s, efficientnet_v2_m, efficientnet_v2_l
from torchvision.models.convnext import ConvNeXt, convnext_tiny, convnext_small, convnext_base, convnext_large
from torchvision.models.vision_transformer import VisionTransformer, vit_b_16, vit_b_32, vit_l_16, vit_l_32, vit_h_14
`;

const TORCHVISION_MODEL_UTILS = `
from collections import OrderedDict
from torch import nn

class IntermediateLayerGetter(nn.ModuleDict):
    def __init__(self, model, return_layers):
        orig_return_layers = return_layers
        return_layers = {str(k): str(v) for k, v in return_layers.items()}
        layers = OrderedDict()
        for name, module in model.named_children():
            layers[name] = module
            if name in return_layers:
                del return_layers[name]
            if not return_layers:
                break
        super().__init__(layers)
        self.return_layers = orig_return_layers

    def forward(self, x):
        out = OrderedDict()
        for name, module in self.items():
            x = module(x)
            if name in self.return_layers:
                out[self.return_layers[name]] = x
        return out
def _make_divisible(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v

def _ovewrite_named_param(kwargs, param, new_value):
    kwargs[param] = new_value

def _ovewrite_value_param(param, actual, expected):
    return expected if actual is None else actual

def _log_api_usage_once(obj):
    pass

class WeightsEnum:
    # Weights are never loaded: a factory given weights builds the model it builds without them.
    def verify(*args):
        return None

class Weights:
    def __init__(self, *args, **kwargs):
        pass
`;

/** Which stub answers for a module path (absolute, or relative as torchvision's files write it). */
const STUB_MODULES: { suffixes: string[]; source: string }[] = [
  { suffixes: ['ops.misc', 'ops', 'ops.stochastic_depth', 'ops.misc.ConvNormActivation'], source: TORCHVISION_OPS },
  { suffixes: ['models._utils', '_utils', 'utils', '_api', 'models._api'], source: TORCHVISION_MODEL_UTILS },
  { suffixes: ['models.resnet', 'models.alexnet', 'models.vgg', 'models.mobilenetv2', 'models.squeezenet'], source: TORCHVISION_MODELS },
  { suffixes: ['models.densenet'], source: DENSENET },
  { suffixes: ['models.mobilenetv3'], source: MOBILENET_V3 },
  { suffixes: ['models.efficientnet'], source: EFFICIENTNET },
  { suffixes: ['models.convnext'], source: CONVNEXT },
  { suffixes: ['models.vision_transformer'], source: VISION_TRANSFORMER },
  { suffixes: ['models', 'models.mobilenet'], source: TORCHVISION_MODELS_PACKAGE },
];

const parsedStubs = new Map<string, ReturnType<typeof parsePython>['module']>();

function stubModuleFor(modulePath: string): string | undefined {
  const relative = modulePath.startsWith('.');
  const stripped = modulePath.replace(/^\.+/, '').replace(/^torchvision\./, '');
  if (!relative && !modulePath.startsWith('torchvision')) return undefined;
  for (const stub of STUB_MODULES) {
    if (stub.suffixes.includes(stripped)) return stub.source;
  }
  return undefined;
}

/** The stub's value for `module.name`, running the stub once per interpreter. */
export function stubValue(interp: Interpreter, path: string): Value | undefined {
  const dot = path.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const source = stubModuleFor(path.slice(0, dot));
  if (!source) return undefined;
  return stubScope(interp, source).vars.get(path.slice(dot + 1));
}

const scopes = new WeakMap<Interpreter, Map<string, Scope>>();

function stubScope(interp: Interpreter, source: string): Scope {
  let perInterp = scopes.get(interp);
  if (!perInterp) scopes.set(interp, (perInterp = new Map()));
  let scope = perInterp.get(source);
  if (!scope) {
    let module = parsedStubs.get(source);
    if (!module) parsedStubs.set(source, (module = parsePython(source).module));
    scope = newScope(interp.globals.parent, false);
    perInterp.set(source, scope);
    interp.execBlock(module.body, scope);
  }
  return scope;
}
