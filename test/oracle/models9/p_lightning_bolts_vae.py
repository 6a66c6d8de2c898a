"""Lightning-bolts-style ResNet autoencoders (pl_bolts/models/autoencoders/basic_vae/basic_vae_module.py, basic_ae/basic_ae_module.py and components.py) without Lightning: a minimal LightningModule(HyperparametersMixin, nn.Module) whose save_hyperparameters() reads the caller's __init__ arguments from the frame with inspect.getargvalues (including the **kwargs dict that swallows lr/batch_size/etc.) into an AttributeDict exposed through the hparams property, encoder/decoder factories chosen from a valid_encoders dict keyed by enc_type (falling back to resnet18 for unknown names), a @staticmethod pretrained_weights_available(), Interpolate modules sized from input_height // upscale_factor where upscale_factor is multiplied up by the first_conv/maxpool1 flags, resize_conv1x1/resize_conv3x3 helpers that prepend an Interpolate when scale > 1, an encoder whose forward walks `for name, module in self.named_children()` and flattens after 'avgpool', and a VAE that samples z with torch.distributions.Normal(mu, std).rsample(). Widths are scaled down with a base_width argument (bolts hard-codes 64)."""
import inspect

import torch
import torch.nn as nn
import torch.nn.functional as F


class AttributeDict(dict):
    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError as exp:
            raise AttributeError(f'Missing attribute "{key}"') from exp

    def __setattr__(self, key, val):
        self[key] = val


def get_init_args(frame):
    _, _, _, local_vars = inspect.getargvalues(frame)
    if '__class__' not in local_vars:
        return {}
    cls = local_vars['__class__']
    init_parameters = inspect.signature(cls.__init__).parameters
    self_var, args_var, kwargs_var = None, None, None
    for name, p in init_parameters.items():
        if name == 'self':
            self_var = name
        elif p.kind == inspect.Parameter.VAR_POSITIONAL:
            args_var = name
        elif p.kind == inspect.Parameter.VAR_KEYWORD:
            kwargs_var = name
    filtered_vars = [n for n in (self_var, args_var, kwargs_var) if n]
    exclude_argnames = (*filtered_vars, '__class__', 'frame', 'frame_args')
    local_args = {k: local_vars[k] for k in init_parameters.keys()}
    if kwargs_var:
        local_args.update(local_args.get(kwargs_var, {}))
    local_args = {k: v for k, v in local_args.items() if k not in exclude_argnames}
    return local_args


class HyperparametersMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._log_hyperparams = True

    def save_hyperparameters(self, *args, ignore=None, frame=None):
        if frame is None:
            frame = inspect.currentframe().f_back
        init_args = get_init_args(frame)
        ignore = [ignore] if isinstance(ignore, str) else list(ignore or [])
        hp = {k: v for k, v in init_args.items() if k not in ignore}
        if args:
            hp = {k: v for k, v in hp.items() if k in args}
        self._hparams = AttributeDict(hp)

    @property
    def hparams(self):
        if not hasattr(self, '_hparams'):
            self._hparams = AttributeDict()
        return self._hparams


class LightningModule(HyperparametersMixin, nn.Module):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_epoch = 0


class Interpolate(nn.Module):
    """nn.Module wrapper for F.interpolate."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__()
        self.size, self.scale_factor = size, scale_factor

    def forward(self, x):
        return F.interpolate(x, size=self.size, scale_factor=self.scale_factor)


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


def resize_conv3x3(in_planes, out_planes, scale=1):
    """upsample + 3x3 convolution with padding to avoid checkerboard artifact."""
    if scale == 1:
        return conv3x3(in_planes, out_planes)
    return nn.Sequential(Interpolate(scale_factor=scale), conv3x3(in_planes, out_planes))


def resize_conv1x1(in_planes, out_planes, scale=1):
    """upsample + 1x1 convolution with padding to avoid checkerboard artifact."""
    if scale == 1:
        return conv1x1(in_planes, out_planes)
    return nn.Sequential(Interpolate(scale_factor=scale), conv1x1(in_planes, out_planes))


class EncoderBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class EncoderBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        width = planes  # this needs to change if we want wide resnets
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class DecoderBlock(nn.Module):
    """ResNet block, but convs replaced with resize convs, and channel increase is in second conv, not first."""

    expansion = 1

    def __init__(self, inplanes, planes, scale=1, upsample=None):
        super().__init__()
        self.conv1 = resize_conv3x3(inplanes, inplanes)
        self.bn1 = nn.BatchNorm2d(inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = resize_conv3x3(inplanes, planes, scale)
        self.bn2 = nn.BatchNorm2d(planes)
        self.upsample = upsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.upsample is not None:
            identity = self.upsample(x)
        out += identity
        return self.relu(out)


class DecoderBottleneck(nn.Module):
    """ResNet bottleneck, but convs replaced with resize convs."""

    expansion = 4

    def __init__(self, inplanes, planes, scale=1, upsample=None):
        super().__init__()
        width = planes  # this needs to change if we want wide resnets
        self.conv1 = resize_conv1x1(inplanes, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = resize_conv3x3(width, width, scale)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.upsample = upsample
        self.scale = scale

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.upsample is not None:
            identity = self.upsample(x)
        out += identity
        return self.relu(out)


class ResNetEncoder(nn.Module):
    def __init__(self, block, layers, first_conv=False, maxpool1=False, base_width=64):
        super().__init__()
        self.inplanes = base_width
        self.first_conv = first_conv
        self.maxpool1 = maxpool1

        if self.first_conv:
            self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        else:
            self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=3, stride=1, padding=1, bias=False)

        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)

        if self.maxpool1:
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        else:
            self.maxpool = nn.MaxPool2d(kernel_size=1, stride=1)

        self.layer1 = self._make_layer(block, base_width, layers[0])
        self.layer2 = self._make_layer(block, base_width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(block, base_width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(block, base_width * 8, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * block.expansion, stride),
                nn.BatchNorm2d(planes * block.expansion),
            )

        layers = []
        layers.append(block(self.inplanes, planes, stride, downsample))
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))

        return nn.Sequential(*layers)

    def forward(self, x):
        for name, module in self.named_children():
            x = module(x)
            if name == 'avgpool':
                x = torch.flatten(x, 1)
        return x


class ResNetDecoder(nn.Module):
    """Resnet in reverse order."""

    def __init__(self, block, layers, latent_dim, input_height, first_conv=False, maxpool1=False, base_width=64):
        super().__init__()

        self.expansion = block.expansion
        self.base_width = base_width
        self.inplanes = base_width * 8 * block.expansion
        self.first_conv = first_conv
        self.maxpool1 = maxpool1
        self.input_height = input_height

        self.upscale_factor = 8

        self.linear = nn.Linear(latent_dim, self.inplanes * 4 * 4)

        self.layer1 = self._make_layer(block, base_width * 4, layers[0], scale=2)
        self.layer2 = self._make_layer(block, base_width * 2, layers[1], scale=2)
        self.layer3 = self._make_layer(block, base_width, layers[2], scale=2)

        if self.maxpool1:
            self.layer4 = self._make_layer(block, base_width, layers[3], scale=2)
            self.upscale_factor *= 2
        else:
            self.layer4 = self._make_layer(block, base_width, layers[3])

        if self.first_conv:
            self.upscale = Interpolate(scale_factor=2)
            self.upscale_factor *= 2
        else:
            self.upscale = Interpolate(scale_factor=1)

        # interpolate after linear layer using scale factor
        self.upscale1 = Interpolate(size=input_height // self.upscale_factor)

        self.conv1 = nn.Conv2d(base_width * block.expansion, 3, kernel_size=3, stride=1, padding=1, bias=False)

    def _make_layer(self, block, planes, blocks, scale=1):
        upsample = None
        if scale != 1 or self.inplanes != planes * block.expansion:
            upsample = nn.Sequential(
                resize_conv1x1(self.inplanes, planes * block.expansion, scale),
                nn.BatchNorm2d(planes * block.expansion),
            )

        layers = []
        layers.append(block(self.inplanes, planes, scale, upsample))
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))

        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.linear(x)

        x = x.view(x.size(0), self.base_width * 8 * self.expansion, 4, 4)
        x = self.upscale1(x)

        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.upscale(x)

        x = self.conv1(x)
        return x


def resnet18_encoder(first_conv, maxpool1, base_width=64):
    return ResNetEncoder(EncoderBlock, [2, 2, 2, 2], first_conv, maxpool1, base_width)


def resnet18_decoder(latent_dim, input_height, first_conv, maxpool1, base_width=64):
    return ResNetDecoder(DecoderBlock, [2, 2, 2, 2], latent_dim, input_height, first_conv, maxpool1, base_width)


def resnet50_encoder(first_conv, maxpool1, base_width=64):
    return ResNetEncoder(EncoderBottleneck, [3, 4, 6, 3], first_conv, maxpool1, base_width)


def resnet50_decoder(latent_dim, input_height, first_conv, maxpool1, base_width=64):
    return ResNetDecoder(DecoderBottleneck, [3, 4, 6, 3], latent_dim, input_height, first_conv, maxpool1,
                         base_width)


class VAE(LightningModule):
    pretrained_urls = {
        'cifar10-resnet18': 'vae/vae-cifar10/checkpoints/epoch%3D89.ckpt',
        'stl10-resnet18': 'vae/vae-stl10/checkpoints/epoch%3D89.ckpt',
    }

    def __init__(self, input_height, enc_type='resnet18', first_conv=False, maxpool1=False, base_width=64,
                 kl_coeff=0.1, latent_dim=256, lr=1e-4, **kwargs):
        super().__init__()

        self.save_hyperparameters()

        self.lr = lr
        self.kl_coeff = kl_coeff
        self.enc_out_dim = base_width * 8 * (4 if enc_type == 'resnet50' else 1)
        self.latent_dim = latent_dim
        self.input_height = input_height

        valid_encoders = {
            'resnet18': {'enc': resnet18_encoder, 'dec': resnet18_decoder},
            'resnet50': {'enc': resnet50_encoder, 'dec': resnet50_decoder},
        }

        if enc_type not in valid_encoders:
            self.encoder = resnet18_encoder(first_conv, maxpool1, base_width)
            self.decoder = resnet18_decoder(self.latent_dim, self.input_height, first_conv, maxpool1, base_width)
        else:
            self.encoder = valid_encoders[enc_type]['enc'](first_conv, maxpool1, base_width)
            self.decoder = valid_encoders[enc_type]['dec'](self.latent_dim, self.input_height, first_conv, maxpool1,
                                                           base_width)

        self.fc_mu = nn.Linear(self.enc_out_dim, self.latent_dim)
        self.fc_var = nn.Linear(self.enc_out_dim, self.latent_dim)

    @staticmethod
    def pretrained_weights_available():
        return list(VAE.pretrained_urls.keys())

    def forward(self, x):
        x = self.encoder(x)
        mu = self.fc_mu(x)
        log_var = self.fc_var(x)
        p, q, z = self.sample(mu, log_var)
        return self.decoder(z)

    def _run_step(self, x):
        x = self.encoder(x)
        mu = self.fc_mu(x)
        log_var = self.fc_var(x)
        p, q, z = self.sample(mu, log_var)
        return z, self.decoder(z), p, q

    def sample(self, mu, log_var):
        std = torch.exp(log_var / 2)
        p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(std))
        q = torch.distributions.Normal(mu, std)
        z = q.rsample()
        return p, q, z


class AE(LightningModule):
    def __init__(self, input_height, enc_type='resnet18', first_conv=False, maxpool1=False, base_width=64,
                 latent_dim=256, lr=1e-4, **kwargs):
        super().__init__()
        self.save_hyperparameters()

        valid_encoders = {
            'resnet18': {'enc': resnet18_encoder, 'dec': resnet18_decoder},
            'resnet50': {'enc': resnet50_encoder, 'dec': resnet50_decoder},
        }
        hp = self.hparams
        enc_out_dim = hp.base_width * 8 * (4 if hp.enc_type == 'resnet50' else 1)
        entry = valid_encoders.get(hp.enc_type, valid_encoders['resnet18'])
        self.encoder = entry['enc'](hp.first_conv, hp.maxpool1, hp.base_width)
        self.decoder = entry['dec'](hp.latent_dim, hp.input_height, hp.first_conv, hp.maxpool1, hp.base_width)
        self.fc = nn.Linear(enc_out_dim, hp.latent_dim)

    def forward(self, x):
        feats = self.encoder(x)
        z = self.fc(feats)
        x_hat = self.decoder(z)
        return x_hat


# shapelint: input=(2, 3, 32, 32)
def vae_resnet18_cifar10():
    hparams = dict(input_height=32, enc_type='resnet18', base_width=16, latent_dim=32, lr=1e-4, batch_size=256,
                   max_epochs=100, data_dir='.')
    return VAE(**hparams)


# shapelint: input=(2, 3, 64, 64)
def ae_resnet50_stl10():
    return AE(input_height=64, enc_type='resnet50', first_conv=True, maxpool1=True, base_width=8, latent_dim=16,
              gpus=1)


# shapelint: input=(2, 3, 48, 48)
def vae_unknown_enc_fallback():
    return VAE(input_height=48, enc_type='resnet34', base_width=8, latent_dim=24, first_conv=True)
